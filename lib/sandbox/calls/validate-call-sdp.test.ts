import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GraphError } from "../graph/errors";
import { validateBusinessSdp } from "./validate-call-sdp";

const fixture = (name: string) => readFileSync(`tests/fixtures/sdp/${name}`, "utf8");

function refusal(sdp: unknown, kind: "offer" | "answer"): { code: number; details: string | undefined } {
  try {
    validateBusinessSdp(sdp, kind);
  } catch (err) {
    expect(err).toBeInstanceOf(GraphError);
    return { code: (err as GraphError).code, details: (err as GraphError).details };
  }
  throw new Error("expected a refusal");
}

describe("validateBusinessSdp", () => {
  it("accepts werift's real answer to Meta's offer and werift's real BIC offer", () => {
    expect(validateBusinessSdp(fixture("werift-uic-answer.sdp"), "answer").setup).toBe("active");
    expect(validateBusinessSdp(fixture("werift-bic-offer.sdp"), "offer").setup).toBe("actpass");
    expect(validateBusinessSdp(fixture("chrome-bic-offer-reconstructed.sdp"), "offer").candidates).toHaveLength(0); // no candidates is fine (§6.8)
  });

  it("refuses each malformed fixture with error 100", () => {
    for (const name of ["malformed-no-audio.sdp", "malformed-no-opus.sdp", "malformed-two-audio.sdp", "malformed-video-only.sdp", "malformed-audio-and-video.sdp", "malformed-truncated.sdp", "malformed-no-ice-credentials.sdp", "malformed-escaped-crlf.sdp"]) {
      expect(refusal(fixture(name), "offer").code, name).toBe(100);
    }
    expect(refusal(fixture("malformed-no-fingerprint.sdp"), "offer")).toEqual({ code: 100, details: "No fingerprint found in SDP" });
    expect(refusal("", "answer").code).toBe(100);
    expect(refusal(undefined, "answer").details).toMatch(/required/);
  });

  it("enforces the DTLS role per direction and refuses ice-lite from the business", () => {
    expect(refusal(fixture("meta-uic-offer-2025-10.sdp"), "answer").code).toBe(100); // actpass in an answer
    expect(refusal(fixture("werift-uic-answer.sdp").replace("a=setup:active", "a=setup:passive"), "answer").details).toMatch(/setup:active/);
    expect(refusal(fixture("werift-uic-answer.sdp"), "offer").details).toMatch(/actpass/);
    const liteOffer = fixture("werift-bic-offer.sdp").replace("t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n");
    expect(refusal(liteOffer, "offer").details).toMatch(/ice_lite/);
  });
});
