import { describe, expect, it } from "vitest";
import { CALLING_ERRORS, callingErrorToAppError, describeCallingError } from "./calling-errors";

describe("describeCallingError", () => {
  it("covers every code of reference §6.10", () => {
    const codes = [100, 613, 131009, 131030, 131044, 131055, 138000, 138001, 138002, 138003, 138004, 138005, 138006, 138007, 138009, 138012, 138013, 138014, 138015, 138017, 138018, 138019, 138020, 138021, 138022, 138023];
    for (const code of codes) expect(CALLING_ERRORS[code], String(code)).toBeDefined();
  });

  it("keeps Meta's text from a terminate webhook error (title), classified by code", () => {
    expect(
      describeCallingError({
        code: 138021,
        title: "WhatsApp client terminated the call due to not receiving any media for a long time. Please try again",
        message: "...",
        error_data: { details: "no media for 20 s" },
      }),
    ).toEqual({
      code: 138021,
      cause: "client_no_media",
      userText: "WhatsApp client terminated the call due to not receiving any media for a long time. Please try again",
      retryable: false,
      details: "no media for 20 s",
    });
  });

  it("strips the '(#code) ' prefix of synchronous error messages", () => {
    expect(describeCallingError({ code: 138006, message: "(#138006) No approved call permission" }).userText).toBe("No approved call permission");
  });

  it("falls back to Meta's documented meaning when the error has no text", () => {
    expect(describeCallingError({ code: 138013 })).toMatchObject({
      cause: "business_initiated_not_available",
      userText: "Business-initiated calls are not available for this business number's country.",
    });
  });

  it.each([
    [138002, true],
    [138004, true],
    [138005, true],
    [613, true],
    [131000, true],
    [138006, false],
    [138009, false],
    [138012, false],
    [138013, false],
    [138017, false],
    [100, false],
  ])("code %i retryable=%s", (code, retryable) => {
    expect(describeCallingError({ code }).retryable).toBe(retryable);
  });

  it("unknown codes are 'unknown', not retryable, with Meta's text kept", () => {
    expect(describeCallingError({ code: 999999, message: "(#999999) Something new" })).toEqual({
      code: 999999,
      cause: "unknown",
      userText: "Something new",
      retryable: false,
      details: null,
    });
  });

  it("an AppError for PROVIDER_ERROR never leaks internals in its body (502)", () => {
    const err = callingErrorToAppError(describeCallingError({ code: 138003, message: "(#138003) Call already in progress" }), 400);
    expect(err.status).toBe(502);
    expect(err.toBody()).toEqual({ error: { code: "PROVIDER_ERROR", message: "Call already in progress" } });
    expect(err.message).toContain("138003");
  });
});
