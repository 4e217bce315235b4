import { describe, expect, it } from "vitest";
import { mapMetaError, pairRateLimitDelayMs } from "./errors";

describe("mapMetaError", () => {
  it("131047 (async webhook shape) → window_closed, not retryable, Meta's text verbatim", () => {
    const m = mapMetaError({
      code: 131047,
      title: "Re-engagement message",
      message: "Re-engagement message",
      error_data: { details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
      href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    });
    expect(m).toMatchObject({ code: 131047, cause: "window_closed", retryable: false, adminAlert: false });
    expect(m.userText).toBe(
      "Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    );
    expect(m.meta.href).toContain("error-codes");
    expect(m.retryAfterMs).toBeUndefined();
  });

  it("130429 (sync Graph shape) → rate_limited, retryable with a delay, fbtrace kept", () => {
    const m = mapMetaError(
      {
        message: "(#130429) Rate limit hit",
        type: "OAuthException",
        code: 130429,
        error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." },
        fbtrace_id: "Az8or2yhqkZfEZ-_4Qn_Bam",
      },
      { httpStatus: 400 },
    );
    expect(m).toMatchObject({ cause: "rate_limited", retryable: true, adminAlert: false, httpStatus: 400 });
    expect(m.retryAfterMs).toBeGreaterThan(0);
    expect(m.userText).toBe("(#130429) Rate limit hit: Cloud API message throughput has been reached.");
    expect(m.meta.fbtraceId).toBe("Az8or2yhqkZfEZ-_4Qn_Bam");
  });

  it("131056 pair rate limit → rate_limited with a 6 s wait; Retry-After header wins", () => {
    expect(mapMetaError({ code: 131056 })).toMatchObject({ cause: "rate_limited", retryable: true, retryAfterMs: 6000 });
    expect(mapMetaError({ code: 131056 }, { retryAfterHeaderMs: 2000 }).retryAfterMs).toBe(2000);
    expect([0, 1, 2].map(pairRateLimitDelayMs)).toEqual([1000, 4000, 16000]);
  });

  it.each([
    [190, 401, "auth", false, true],
    [0, 401, "auth", false, true],
    [368, 403, "auth", false, true],
    [200, 403, "auth", false, true],
    [131031, 403, "auth", false, true],
    [131026, 400, "undeliverable", false, false],
    [131049, 400, "undeliverable", false, false],
    [131050, 400, "undeliverable", false, false],
    [131030, 400, "undeliverable", false, true],
    [131051, 400, "invalid_request", false, false],
    [100, 400, "invalid_request", false, false],
    [131008, 400, "invalid_request", false, false],
    [131009, 400, "invalid_request", false, false],
    [131053, 400, "media", false, false],
    [131052, 400, "media", false, false],
    [132000, 400, "template", false, false],
    [132001, 404, "template", false, false],
    [132012, 400, "template", false, false],
    [132099, 400, "template", false, false],
    [80007, 400, "rate_limited", true, false],
    [4, 400, "rate_limited", true, false],
    [131048, 400, "rate_limited", false, true],
    [131000, 500, "temporary", true, false],
    [131016, 503, "temporary", true, false],
    [131057, 500, "temporary", true, false],
  ] as const)("code %i (HTTP %i) → %s retryable=%s adminAlert=%s", (code, http, cause, retryable, adminAlert) => {
    expect(mapMetaError({ code, message: "x" }, { httpStatus: http })).toMatchObject({ code, cause, retryable, adminAlert });
  });

  it("accepts the code as a string, falls back on the HTTP status for unknown codes", () => {
    expect(mapMetaError({ code: "131047" }).cause).toBe("window_closed");
    expect(mapMetaError({ code: 999999 }, { httpStatus: 502 })).toMatchObject({ cause: "temporary", retryable: true });
    expect(mapMetaError({ code: 999999 }, { httpStatus: 429 })).toMatchObject({ cause: "rate_limited", retryable: true });
    expect(mapMetaError({ code: 999999 }, { httpStatus: 400 })).toMatchObject({ cause: "unknown", retryable: false, code: 999999 });
    expect(mapMetaError({}).userText).toBe("Unknown error from WhatsApp");
  });
});
