import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BrowserOfferError, readBrowserOffer, rtpElapsed } from "./browser-bridge";
import { FRAME } from "./relay-audio";

const fixture = (name: string) => fs.readFileSync(path.resolve(__dirname, "../../../tests/fixtures/sdp", name), "utf8");

describe("readBrowserOffer", () => {
  it("takes Chrome's offer and reads its Opus payload type", () => {
    const offer = readBrowserOffer(fixture("chrome-bic-offer-reconstructed.sdp"));
    expect(offer.info.opus.payloadType).toBe(111);
    expect(offer.info.direction).toBe("sendrecv");
  });

  it.each([
    ["malformed-no-fingerprint.sdp", /fingerprint/],
    ["malformed-no-opus.sdp", /no_opus/],
    ["malformed-no-audio.sdp", /Malformed SDP offer/],
    ["malformed-truncated.sdp", /Malformed SDP offer/],
    // Meta's ICE-lite offer: two ICE-lite ends cannot connect.
    ["meta-uic-offer-2025-10.sdp", /ice_lite/],
  ])("refuses %s with a clear message", (name, message) => {
    expect(() => readBrowserOffer(fixture(name))).toThrow(BrowserOfferError);
    expect(() => readBrowserOffer(fixture(name))).toThrow(message);
  });
});

describe("rtpElapsed", () => {
  const at = (timestamp: number, ssrc = 1) => ({ ssrc, timestamp });
  it("steps by the source's timestamps, one frame for a new source, drops late or duplicate packets", () => {
    expect(rtpElapsed(null, at(5))).toBe(FRAME);
    expect(rtpElapsed(at(1000), at(1000 + 480))).toBe(480);
    expect(rtpElapsed(at(0xffffff00), at((0xffffff00 + FRAME) >>> 0))).toBe(FRAME); // wraps
    expect(rtpElapsed(at(1000), at(2000, 2))).toBe(FRAME);
    expect(rtpElapsed(at(1000), at(1000))).toBeNull();
    expect(rtpElapsed(at(5000), at(4040))).toBeNull();
    expect(rtpElapsed(at(0), at(48_000 * 60))).toBe(FRAME); // a minute's jump: the source restarted
  });
});
