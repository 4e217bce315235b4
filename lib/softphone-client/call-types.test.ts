import { describe, expect, it } from "vitest";
import { callerName, isTerminal, mediaOf, type CallDto } from "./call-types";

describe("mediaOf", () => {
  it("reads web's { media: { token, url } } and the flat { token, mediaUrl } form", () => {
    const call = {} as CallDto;
    expect(mediaOf({ call, media: { token: "t", url: "http://m", expiresAt: "x" } })).toEqual({ token: "t", url: "http://m" });
    expect(mediaOf({ call, token: "t2", mediaUrl: "http://m2" })).toEqual({ token: "t2", url: "http://m2" });
    expect(mediaOf({ call })).toBeNull();
  });
});

describe("call display helpers", () => {
  it("knows the terminal statuses and names the caller", () => {
    for (const s of ["completed", "missed", "no_answer", "rejected", "failed", "abandoned"]) expect(isTerminal(s)).toBe(true);
    for (const s of ["ringing", "queued", "connecting", "in_progress", "on_hold", "transferring"]) expect(isTerminal(s)).toBe(false);
    expect(callerName({ contactName: null, contactPhone: "+919812345678" })).toBe("+919812345678");
    expect(callerName({ contactName: null, contactPhone: null })).toBe("Unknown caller");
  });
});
