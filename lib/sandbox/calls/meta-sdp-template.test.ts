import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readWhatsAppSdp } from "@/media-server/src/sdp/read-whatsapp-sdp";
import { metaBicAnswer, metaUicOffer } from "./meta-sdp-template";

const fixture = (name: string) => readFileSync(`tests/fixtures/sdp/${name}`, "utf8");

/** The shape of an SDP: each line's type and attribute name, values dropped. */
const shape = (sdp: string) =>
  sdp
    .split("\r\n")
    .filter(Boolean)
    .map((l) => (l.startsWith("a=") ? `a=${l.slice(2).split(/[:\s]/)[0]}` : l.slice(0, 2)));

describe("metaUicOffer", () => {
  it("has exactly the line structure of Meta's real offer (§6.9 a) and passes the gateway's validator", () => {
    const offer = metaUicOffer();
    expect(shape(offer)).toEqual(shape(fixture("meta-uic-offer-2025-10.sdp")));
    const info = readWhatsAppSdp(offer, { kind: "offer" });
    expect(info).toMatchObject({ iceLite: true, setup: "actpass", mid: "audio", bundle: true, cname: "WhatsAppAudioStream1", ptime: 20, maxptime: 20 });
    expect(info.opus.parameters).toMatchObject({ maxplaybackrate: 16000, useinbandfec: 1 });
    expect(info.candidates).toHaveLength(2);
    expect(info.ice.usernameFragment).toHaveLength(16);
    expect(info.ice.password).toHaveLength(24);
    expect(offer.includes("\n") && !/[^\r]\n/.test(offer)).toBe(true); // CRLF only
  });

  it("uses fresh credentials, fingerprint and SSRC each time", () => {
    const a = readWhatsAppSdp(metaUicOffer(), { kind: "offer" });
    const b = readWhatsAppSdp(metaUicOffer(), { kind: "offer" });
    expect(a.ice.usernameFragment).not.toBe(b.ice.usernameFragment);
    expect(a.fingerprint.value).not.toBe(b.fingerprint.value);
    expect(a.ssrc).not.toBe(b.ssrc);
  });
});

describe("metaBicAnswer", () => {
  it("answers a business offer like Meta (§6.9 b): ice-lite, setup active, the offer's mid and Opus PT", () => {
    const offer = readWhatsAppSdp(fixture("werift-bic-offer.sdp"), { kind: "offer", requireCandidates: false });
    const answer = readWhatsAppSdp(metaBicAnswer(offer), { kind: "answer" });
    expect(answer).toMatchObject({ iceLite: true, setup: "active", mid: offer.mid, bundle: true, cname: "WhatsAppAudioStream1" });
    expect(answer.opus.payloadType).toBe(offer.opus.payloadType);
    expect(answer.telephoneEvent).toEqual({ payloadType: 126, clockRate: 8000 });
  });

  it("mirrors a Chrome offer's mid and leaves out DTMF when the offer has none at 8000 Hz", () => {
    const chrome = readWhatsAppSdp(fixture("chrome-bic-offer-reconstructed.sdp"), { kind: "offer", requireCandidates: false });
    const noDtmf = { ...chrome, telephoneEvent: null };
    const answer = readWhatsAppSdp(metaBicAnswer(noDtmf), { kind: "answer" });
    expect(answer.mid).toBe(chrome.mid);
    expect(answer.telephoneEvent).toBeNull();
  });
});
