import { describe, expect, it } from "vitest";
import { findInvalidLines } from "../../src/sdp/invalid-lines";
import { parseSdpText } from "../../src/sdp/parse-sdp-text";
import { readWhatsAppSdp } from "../../src/sdp/read-whatsapp-sdp";
import { SdpError, type SdpRejectReason } from "../../src/sdp/sdp-error";
import { fixture, fixtureNames } from "./fixtures";

function rejection(fn: () => unknown): SdpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SdpError) return err;
    throw err;
  }
  throw new Error("expected an SdpError");
}

describe("readWhatsAppSdp — Meta's real user-initiated offer (reference §6.9 a)", () => {
  const info = readWhatsAppSdp(fixture("meta-uic-offer-2025-10.sdp"), { kind: "offer" });

  it("extracts Opus PT 111 with Meta's 16 kHz fmtp as a parameter map", () => {
    expect(info.opus).toEqual({
      payloadType: 111,
      clockRate: 48000,
      channels: 2,
      parameters: { maxaveragebitrate: 20000, maxplaybackrate: 16000, minptime: 20, "sprop-maxcapturerate": 16000, useinbandfec: 1 },
      fmtp: "maxaveragebitrate=20000;maxplaybackrate=16000;minptime=20;sprop-maxcapturerate=16000;useinbandfec=1",
      rtcpFeedback: [{ type: "transport-cc", parameter: "" }],
    });
  });

  it("extracts telephone-event/8000 on PT 126", () => {
    expect(info.telephoneEvent).toEqual({ payloadType: 126, clockRate: 8000 });
  });

  it("extracts Meta's SSRC and the WhatsAppAudioStream1 cname", () => {
    expect(info.ssrc).toBe(1047224411);
    expect(info.cname).toBe("WhatsAppAudioStream1");
  });

  it("extracts ICE credentials, the ice-lite flag, fingerprint and setup role", () => {
    expect(info.ice).toEqual({ usernameFragment: "AeinEGDfvqBctbtM", password: "F6/jjqL0/8/Dzluc0IoZEQ==" });
    expect(info.iceLite).toBe(true);
    expect(info.fingerprint).toEqual({
      algorithm: "sha-256",
      value: "A2:EC:E2:C4:E4:FE:75:63:39:0D:77:45:DF:70:64:BC:F9:96:73:DE:F4:92:E5:78:D0:5B:1F:8F:E7:46:D3:C6",
    });
    expect(info.setup).toBe("actpass");
    expect(info.dtlsRole).toBe("auto");
  });

  it("extracts both host candidates (IPv4 + IPv6) with string foundations although they are all digits", () => {
    expect(info.candidates).toEqual([
      { foundation: "3935165743", component: 1, protocol: "udp", priority: 2122260223, ip: "57.144.215.49", port: 3484, type: "host" },
      { foundation: "2617197009", component: 1, protocol: "udp", priority: 2122262783, ip: "2a03:2880:f36b:131:face:b00c:0:699c", port: 3484, type: "host" },
    ]);
    expect(info.address).toEqual({ ip: "57.144.215.49", port: 3484 });
  });

  it("extracts mid 'audio' in a BUNDLE group, sendrecv, rtcp-mux, ptime 20 and no header extensions", () => {
    expect(info.mid).toBe("audio");
    expect(info.bundle).toBe(true);
    expect(info.direction).toBe("sendrecv");
    expect(info.rtcpMux).toBe(true);
    expect(info.rtcpReducedSize).toBe(false);
    expect(info.ptime).toBe(20);
    expect(info.maxptime).toBe(20);
    expect(info.headerExtensions).toEqual([]);
  });
});

describe("readWhatsAppSdp — other real and reconstructed shapes", () => {
  it("reads the documented UIC variant with its three header extensions and 10 ms minptime", () => {
    const info = readWhatsAppSdp(fixture("meta-uic-offer-documented-reconstructed.sdp"), { kind: "offer" });
    expect(info.address.port).toBe(40012);
    expect(info.opus.parameters).toEqual({ minptime: 10, useinbandfec: 1 });
    expect(info.headerExtensions.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(info.ssrc).toBe(2251349498);
  });

  it("reads Meta's BIC answer: setup active means Meta is the DTLS client, mid mirrors our '0'", () => {
    const info = readWhatsAppSdp(fixture("meta-bic-answer-reconstructed.sdp"), { kind: "answer" });
    expect(info.setup).toBe("active");
    expect(info.dtlsRole).toBe("client");
    expect(info.mid).toBe("0");
    expect(info.iceLite).toBe(true);
  });

  it("picks telephone-event/8000 (126), never the telephone-event/48000 (110) Meta's BIC answer echoes", () => {
    const info = readWhatsAppSdp(fixture("meta-bic-answer-reconstructed.sdp"), { kind: "answer" });
    expect(info.telephoneEvent).toEqual({ payloadType: 126, clockRate: 8000 });
  });

  it("refuses an answer that says setup:actpass", () => {
    const sdp = fixture("meta-bic-answer-reconstructed.sdp").replace("a=setup:active", "a=setup:actpass");
    expect(rejection(() => readWhatsAppSdp(sdp, { kind: "answer" })).reason).toBe("bad_dtls_setup");
  });

  it("accepts bare LF line endings on input", () => {
    const lf = fixture("meta-uic-offer-2025-10.sdp").replace(/\r\n/g, "\n");
    expect(readWhatsAppSdp(lf, { kind: "offer" }).ssrc).toBe(1047224411);
  });

  it("does not require candidates when told so (our own gathered-later SDP)", () => {
    const info = readWhatsAppSdp(fixture("malformed-no-candidates.sdp"), { kind: "offer", requireCandidates: false });
    expect(info.candidates).toEqual([]);
  });

  it("upper-cases a lower-case fingerprint and lower-cases the algorithm", () => {
    const sdp = fixture("meta-uic-offer-2025-10.sdp").replace(
      /a=fingerprint:sha-256 (\S+)/,
      (_m, v: string) => `a=fingerprint:SHA-256 ${v.toLowerCase()}`,
    );
    const info = readWhatsAppSdp(sdp, { kind: "offer" });
    expect(info.fingerprint.algorithm).toBe("sha-256");
    expect(info.fingerprint.value).toMatch(/^A2:EC:E2/);
  });
});

describe("readWhatsAppSdp — malformed fixtures are rejected with the right reason", () => {
  const cases: [string, SdpRejectReason][] = [
    ["malformed-truncated.sdp", "malformed"],
    ["malformed-escaped-crlf.sdp", "malformed"],
    ["malformed-no-audio.sdp", "no_audio"],
    ["malformed-video-only.sdp", "video_offered"],
    ["malformed-audio-and-video.sdp", "video_offered"],
    ["malformed-two-audio.sdp", "multiple_audio"],
    ["malformed-no-opus.sdp", "no_opus"],
    ["malformed-no-ice-credentials.sdp", "missing_ice_credentials"],
    ["malformed-no-fingerprint.sdp", "missing_fingerprint"],
    ["malformed-no-candidates.sdp", "missing_candidates"],
  ];
  it.each(cases)("%s → %s", (name, reason) => {
    const err = rejection(() => readWhatsAppSdp(fixture(name), { kind: "offer" }));
    expect(err.reason).toBe(reason);
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.details).toEqual({ reason, detail: expect.any(String) });
  });

  it("names the truncation in the detail", () => {
    expect(rejection(() => readWhatsAppSdp(fixture("malformed-truncated.sdp"), { kind: "offer" })).message).toMatch(/truncated/);
  });

  it("names the double escaping in the detail", () => {
    expect(rejection(() => readWhatsAppSdp(fixture("malformed-escaped-crlf.sdp"), { kind: "offer" })).message).toMatch(/escaped/);
  });

  it.each([
    ["empty", ""],
    ["not SDP", "hello world\r\n"],
    ["no origin", "v=0\r\ns=-\r\nt=0 0\r\n"],
    ["garbage line", fixture("meta-uic-offer-2025-10.sdp").replace("a=mid:audio\r\n", "a=mid:audio\r\n<html>\r\n")],
  ])("%s → malformed", (_label, sdp) => {
    expect(rejection(() => readWhatsAppSdp(sdp, { kind: "offer" })).reason).toBe("malformed");
  });

  it("a fingerprint with the wrong length for its algorithm is no fingerprint", () => {
    const sdp = fixture("meta-uic-offer-2025-10.sdp").replace(":D3:C6\r\n", "\r\n");
    expect(rejection(() => readWhatsAppSdp(sdp, { kind: "offer" })).reason).toBe("missing_fingerprint");
  });

  it("a disabled audio section (port 0) is no audio", () => {
    const sdp = fixture("meta-uic-offer-2025-10.sdp").replace("m=audio 3484", "m=audio 0");
    expect(rejection(() => readWhatsAppSdp(sdp, { kind: "offer" })).reason).toBe("no_audio");
  });
});

describe("no fixture is parsed into sdp-transform `invalid` lines", () => {
  const wellFormed = fixtureNames().filter((n) => !["malformed-truncated.sdp", "malformed-escaped-crlf.sdp"].includes(n));
  it.each(wellFormed)("%s", (name) => {
    expect(findInvalidLines(parseSdpText(fixture(name)))).toEqual([]);
  });

  it("detects a line sdp-transform does not know", () => {
    const sdp = fixture("meta-uic-offer-2025-10.sdp").replace("a=mid:audio\r\n", "a=mid:audio\r\na=x-unknown-thing:1\r\n");
    expect(findInvalidLines(parseSdpText(sdp))).toEqual(["x-unknown-thing:1"]);
  });
});
