import { describe, expect, it } from "vitest";
import { signRequest, verifyRequest } from "./signing";

const SECRET = "test-secret-0123456789abcdefghijklmnop";
const BODY = JSON.stringify({ type: "media.worker_died", pid: 123 });

describe("media request signing", () => {
  it("accepts a request signed with the same secret over the same bytes", () => {
    const header = signRequest(BODY, SECRET, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyRequest(header, BODY, SECRET, { nowSec: 1_700_000_010 })).toEqual({ ok: true, timestamp: 1_700_000_000 });
    expect(verifyRequest(header, Buffer.from(BODY), SECRET, { nowSec: 1_700_000_010 }).ok).toBe(true);
  });

  it("rejects a tampered body", () => {
    const header = signRequest(BODY, SECRET, 1_700_000_000);
    expect(verifyRequest(header, BODY.replace("123", "124"), SECRET, { nowSec: 1_700_000_000 })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects a tampered timestamp (the timestamp is inside the MAC)", () => {
    const header = signRequest(BODY, SECRET, 1_700_000_000).replace("t=1700000000", "t=1700000100");
    expect(verifyRequest(header, BODY, SECRET, { nowSec: 1_700_000_100 })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects the wrong secret", () => {
    const header = signRequest(BODY, "another-secret-0123456789abcdefghijkl", 1_700_000_000);
    expect(verifyRequest(header, BODY, SECRET, { nowSec: 1_700_000_000 })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects a replay outside the 300 s window, in both directions, and accepts at the edge", () => {
    const header = signRequest(BODY, SECRET, 1_700_000_000);
    expect(verifyRequest(header, BODY, SECRET, { nowSec: 1_700_000_300 }).ok).toBe(true);
    expect(verifyRequest(header, BODY, SECRET, { nowSec: 1_700_000_301 })).toEqual({ ok: false, reason: "expired" });
    expect(verifyRequest(header, BODY, SECRET, { nowSec: 1_699_999_699 })).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects missing and malformed headers", () => {
    expect(verifyRequest(undefined, BODY, SECRET)).toEqual({ ok: false, reason: "missing" });
    expect(verifyRequest("", BODY, SECRET)).toEqual({ ok: false, reason: "missing" });
    expect(verifyRequest("v1=abc", BODY, SECRET)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyRequest("t=abc,v1=" + "0".repeat(64), BODY, SECRET)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyRequest("t=1700000000,v1=zz", BODY, SECRET)).toEqual({ ok: false, reason: "malformed" });
  });

  it("signs with the current time by default", () => {
    const before = Math.floor(Date.now() / 1000);
    const check = verifyRequest(signRequest(BODY, SECRET), BODY, SECRET);
    expect(check.ok && check.timestamp >= before).toBe(true);
  });
});
