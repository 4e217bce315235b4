import { parse } from "sdp-transform";
import { describe, expect, it } from "vitest";
import { findInvalidLines } from "../../src/sdp/invalid-lines";
import { readWhatsAppSdp } from "../../src/sdp/read-whatsapp-sdp";
import { SdpError } from "../../src/sdp/sdp-error";
import { toAnswerShape } from "../../src/sdp/to-answer-shape";
import { toOfferShape } from "../../src/sdp/to-offer-shape";
import { fixture } from "./fixtures";

const metaOffer = fixture("meta-uic-offer-2025-10.sdp");
const weriftAnswer = fixture("werift-uic-answer.sdp");

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof SdpError) return err.reason;
    throw err;
  }
  return "no error";
}

describe("toAnswerShape — the werift answer to Meta's real offer", () => {
  const shaped = toAnswerShape(weriftAnswer, metaOffer);
  const out = parse(shaped);
  const m = out.media[0];

  it("is CRLF-terminated and written without `invalid` lines", () => {
    expect(shaped.endsWith("\r\n")).toBe(true);
    expect(shaped.split("\r\n").every((l) => l === "" || /^[a-z]=/.test(l))).toBe(true);
    expect(findInvalidLines(out)).toEqual([]);
  });

  it("says a=setup:active (we are the DTLS client toward Meta's actpass)", () => {
    expect(m.setup).toBe("active");
    expect(out.setup).toBeUndefined();
  });

  it("has no trickle ice-options (werift adds them)", () => {
    expect(weriftAnswer).toContain("a=ice-options:trickle");
    expect(shaped).not.toContain("ice-options");
  });

  it("never advertises ice-lite", () => {
    expect(shaped).not.toContain("ice-lite");
  });

  it("keeps mid 'audio' and BUNDLE audio from the offer", () => {
    expect(m.mid).toBe("audio");
    expect(out.groups).toEqual([{ type: "BUNDLE", mids: "audio" }]);
  });

  it("offers only PTs 111 and 126, Opus first", () => {
    expect(m.payloads).toBe("111 126");
    expect(m.rtp.map((r) => `${r.payload} ${r.codec}/${r.rate}`)).toEqual(["111 opus/48000", "126 telephone-event/8000"]);
  });

  it("drops a=extmap-allow-mixed, which Meta did not offer", () => {
    expect(weriftAnswer).toContain("a=extmap-allow-mixed");
    expect(shaped).not.toContain("extmap-allow-mixed");
  });

  it("keeps our ICE credentials, fingerprint, candidates, ssrc, sendrecv and rtcp-mux", () => {
    const src = parse(weriftAnswer).media[0];
    expect(m.iceUfrag).toBe(src.iceUfrag);
    expect(m.icePwd).toBe(src.icePwd);
    expect(m.fingerprint ?? out.fingerprint).toEqual(src.fingerprint ?? parse(weriftAnswer).fingerprint);
    expect(m.candidates).toHaveLength(src.candidates!.length);
    expect(m.ssrcs).toEqual(src.ssrcs);
    expect(m.direction).toBe("sendrecv");
    expect(m.rtcpMux).toBe("rtcp-mux");
  });

  it("is accepted by our own reader as a valid answer", () => {
    const info = readWhatsAppSdp(shaped, { kind: "answer" });
    expect(info.setup).toBe("active");
    expect(info.opus.payloadType).toBe(111);
  });

  it("gives the same string for pre_accept and accept (deterministic)", () => {
    expect(toAnswerShape(weriftAnswer, metaOffer)).toBe(shaped);
  });
});

describe("toAnswerShape — one quirk each", () => {
  it("forces setup:active even when the answer says passive or actpass", () => {
    for (const setup of ["passive", "actpass"]) {
      const a = weriftAnswer.replace("a=setup:active", `a=setup:${setup}`);
      expect(parse(toAnswerShape(a, metaOffer)).media[0].setup).toBe("active");
    }
  });

  it("answers passive to an offer that insists on setup:active", () => {
    const offer = metaOffer.replace("a=setup:actpass", "a=setup:active");
    expect(parse(toAnswerShape(weriftAnswer, offer)).media[0].setup).toBe("passive");
  });

  it("removes a=ice-lite from an answer that has it", () => {
    const a = weriftAnswer.replace("a=extmap-allow-mixed\r\n", "a=extmap-allow-mixed\r\na=ice-lite\r\n");
    expect(a).toContain("a=ice-lite");
    expect(toAnswerShape(a, metaOffer)).not.toContain("ice-lite");
  });

  it("keeps other ice-options but drops trickle", () => {
    const a = weriftAnswer.replace("a=ice-options:trickle", "a=ice-options:renomination");
    expect(toAnswerShape(a, metaOffer)).toContain("a=ice-options:renomination\r\n");
  });

  it("quirk: sdp-transform 2.15 reads only the first ice-options token, so trickle-first lists vanish whole", () => {
    const a = weriftAnswer.replace("a=ice-options:trickle", "a=ice-options:trickle renomination");
    expect(toAnswerShape(a, metaOffer)).not.toContain("ice-options");
  });

  it("rewrites a different mid to the offer's mid", () => {
    const a = weriftAnswer.replace("a=mid:audio", "a=mid:0").replace("a=group:BUNDLE audio", "a=group:BUNDLE 0");
    const out = parse(toAnswerShape(a, metaOffer));
    expect(out.media[0].mid).toBe("audio");
    expect(out.groups).toEqual([{ type: "BUNDLE", mids: "audio" }]);
  });

  it("strips codecs other than 111 and 126 (with their fmtp and rtcp-fb)", () => {
    const a = weriftAnswer
      .replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 126", "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0 126")
      .replace("a=rtpmap:126 telephone-event/8000", "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtcp-fb:63 nack\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:126 telephone-event/8000");
    const out = toAnswerShape(a, metaOffer);
    expect(parse(out).media[0].payloads).toBe("111 126");
    expect(out).not.toMatch(/red\/|PCMU|fmtp:63|rtcp-fb:63/);
  });

  it("strips header extensions Meta did not offer, and maps offered ones to the offer's ids", () => {
    const documented = fixture("meta-uic-offer-documented-reconstructed.sdp");
    const a = weriftAnswer.replace(
      "a=rtcp-mux\r\n",
      "a=rtcp-mux\r\na=extmap:5 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=extmap:7 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n",
    );
    expect(parse(toAnswerShape(a, documented)).media[0].ext).toEqual([{ value: 1, uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level" }]);
    // Meta's real 2025 offer has no extmap at all, so none survive.
    expect(toAnswerShape(a, metaOffer)).not.toContain("a=extmap");
  });

  it("turns a recvonly answer into sendrecv (recvonly = one-way audio, reference §8 pitfall 10)", () => {
    const a = weriftAnswer.replace("a=sendrecv", "a=recvonly");
    expect(parse(toAnswerShape(a, metaOffer)).media[0].direction).toBe("sendrecv");
  });

  it("adds rtcp-mux when the answer lacks it", () => {
    const a = weriftAnswer.replace("a=rtcp-mux\r\n", "");
    expect(parse(toAnswerShape(a, metaOffer)).media[0].rtcpMux).toBe("rtcp-mux");
  });

  it("leaves telephone-event out when the answer did not accept it", () => {
    const a = weriftAnswer.replace(" 111 126", " 111").replace("a=rtpmap:126 telephone-event/8000\r\n", "");
    // sdp-transform gives a single payload type back as a number.
    expect(String(parse(toAnswerShape(a, metaOffer)).media[0].payloads)).toBe("111");
  });

  it("refuses an answer without Opus on the offer's PT", () => {
    const a = weriftAnswer.replace(" 111 126", " 96 126").replace(/a=rtpmap:111/, "a=rtpmap:96").replace(/a=(fmtp|rtcp-fb):111/g, "a=$1:96");
    expect(reason(() => toAnswerShape(a, metaOffer))).toBe("no_opus");
  });

  it("refuses an answer without a fingerprint (Meta: 'No fingerprint found in SDP')", () => {
    const a = weriftAnswer.replace(/a=fingerprint:[^\r]*\r\n/, "");
    expect(reason(() => toAnswerShape(a, metaOffer))).toBe("missing_fingerprint");
  });

  it("refuses an answer without ICE credentials", () => {
    const a = weriftAnswer.replace(/a=ice-pwd:[^\r]*\r\n/, "");
    expect(reason(() => toAnswerShape(a, metaOffer))).toBe("missing_ice_credentials");
  });

  it("refuses to write lines sdp-transform does not understand", () => {
    const a = weriftAnswer.replace("a=rtcp-mux\r\n", "a=rtcp-mux\r\na=x-secret-sauce:1\r\n");
    expect(reason(() => toAnswerShape(a, metaOffer))).toBe("malformed");
  });

  it("takes a pre-parsed offer as well as a string", () => {
    const info = readWhatsAppSdp(metaOffer, { kind: "offer" });
    expect(toAnswerShape(weriftAnswer, info)).toBe(toAnswerShape(weriftAnswer, metaOffer));
  });
});

describe("toOfferShape — business-initiated offers", () => {
  it("keeps werift's real offer as actpass, without trickle or allow-mixed, PTs 111 126", () => {
    const src = fixture("werift-bic-offer.sdp");
    const shaped = toOfferShape(src);
    const out = parse(shaped);
    expect(out.media[0].setup).toBe("actpass");
    expect(shaped).not.toContain("ice-options");
    expect(shaped).not.toContain("extmap-allow-mixed");
    expect(out.media[0].payloads).toBe("111 126");
    expect(out.media[0].mid).toBe(0);
    expect(out.groups).toEqual([{ type: "BUNDLE", mids: 0 }]);
    expect(findInvalidLines(out)).toEqual([]);
  });

  it("turns a browser offer into Opus + telephone-event/8000 only (drops RED 63, G722, PCMU, PCMA, te/48000)", () => {
    const out = parse(toOfferShape(fixture("chrome-bic-offer-reconstructed.sdp")));
    const m = out.media[0];
    expect(m.payloads).toBe("111 126");
    expect(m.rtp.map((r) => r.codec)).toEqual(["opus", "telephone-event"]);
    expect(m.fmtp).toEqual([{ payload: 111, config: "minptime=10;useinbandfec=1" }]);
  });

  it("keeps only the header extensions Meta answers with (drops sdes:mid)", () => {
    const m = parse(toOfferShape(fixture("chrome-bic-offer-reconstructed.sdp"))).media[0];
    expect(m.ext?.map((e) => e.uri)).toEqual([
      "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    ]);
  });

  it("forces actpass when the source says active (the docs' cURL sample mistake)", () => {
    const src = fixture("werift-bic-offer.sdp").replace("a=setup:actpass", "a=setup:active");
    expect(parse(toOfferShape(src)).media[0].setup).toBe("actpass");
  });

  it("forces sendrecv and rtcp-mux", () => {
    const src = fixture("werift-bic-offer.sdp").replace("a=sendrecv", "a=sendonly").replace("a=rtcp-mux\r\n", "");
    const m = parse(toOfferShape(src)).media[0];
    expect(m.direction).toBe("sendrecv");
    expect(m.rtcpMux).toBe("rtcp-mux");
  });

  it("refuses an offer without Opus", () => {
    const src = fixture("werift-bic-offer.sdp").replace(" 111 126", " 0 126").replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:0 PCMU/8000");
    expect(reason(() => toOfferShape(src))).toBe("no_opus");
  });

  it("refuses an offer with video", () => {
    expect(reason(() => toOfferShape(fixture("malformed-audio-and-video.sdp")))).toBe("video_offered");
  });

  it("a shaped offer, answered by Meta's BIC answer shape, reads back as a valid answer", () => {
    const info = readWhatsAppSdp(fixture("meta-bic-answer-reconstructed.sdp"), { kind: "answer" });
    const offer = parse(toOfferShape(fixture("werift-bic-offer.sdp")));
    expect(String(offer.media[0].mid)).toBe(info.mid);
  });
});
