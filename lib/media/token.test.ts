import { describe, expect, it } from "vitest";
import { mintMediaToken, verifyMediaToken } from "./token";

const SECRET = "test-secret-0123456789abcdefghijklmnop";
const NOW = 1_700_000_000;

describe("media socket tokens", () => {
  it("round-trips the claims with exp and a random jti", () => {
    const { token, claims } = mintMediaToken({ userId: "u1", workspaceId: "w1", role: "agent", callId: "c1", nowSec: NOW }, SECRET);
    expect(claims).toMatchObject({ userId: "u1", workspaceId: "w1", role: "agent", callId: "c1", iat: NOW, exp: NOW + 60 });
    expect(claims.jti.length).toBeGreaterThanOrEqual(16);
    expect(verifyMediaToken(token, SECRET, NOW + 1)).toEqual({ ok: true, claims });
    const other = mintMediaToken({ userId: "u1", workspaceId: "w1", role: "agent", nowSec: NOW }, SECRET);
    expect(other.claims.jti).not.toBe(claims.jti);
    expect(other.claims.callId).toBeUndefined();
  });

  it("honours ttlSec and rejects an expired token", () => {
    const { token } = mintMediaToken({ userId: "u1", workspaceId: "w1", role: "supervisor", ttlSec: 10, nowSec: NOW }, SECRET);
    expect(verifyMediaToken(token, SECRET, NOW + 9).ok).toBe(true);
    expect(verifyMediaToken(token, SECRET, NOW + 10)).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects a tampered payload (role escalation)", () => {
    const { token } = mintMediaToken({ userId: "u1", workspaceId: "w1", role: "agent", nowSec: NOW }, SECRET);
    const [body, sig] = token.split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
    expect(verifyMediaToken(`${forged}.${sig}`, SECRET, NOW)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a tampered signature and the wrong secret", () => {
    const { token } = mintMediaToken({ userId: "u1", workspaceId: "w1", role: "agent", nowSec: NOW }, SECRET);
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(verifyMediaToken(flipped, SECRET, NOW)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyMediaToken(token, "wrong-secret-0123456789abcdefghijklmn", NOW)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects garbage", () => {
    for (const t of [undefined, 42, "", "abc", "a.b.c", ".sig", "x".repeat(5000)]) {
      expect(verifyMediaToken(t, SECRET, NOW).ok).toBe(false);
    }
  });
});
