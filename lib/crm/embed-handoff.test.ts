import { describe, expect, it } from "vitest";
import { mintEmbedHandoff, verifyEmbedHandoff } from "./embed-handoff";

describe("embed sign-in handoff code", () => {
  const now = 1_800_000_000_000;
  it("round-trips for the same nonce within a minute", () => {
    const code = mintEmbedHandoff({ userId: "u1", nonce: "n1", now });
    expect(verifyEmbedHandoff({ code, nonce: "n1", now: now + 59_000 })).toBe("u1");
  });
  it("refuses another nonce, an expired code and a tampered one", () => {
    const code = mintEmbedHandoff({ userId: "u1", nonce: "n1", now });
    expect(verifyEmbedHandoff({ code, nonce: "n2", now })).toBeNull();
    expect(verifyEmbedHandoff({ code, nonce: "n1", now: now + 61_000 })).toBeNull();
    const [p, mac] = code.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "admin", n: "n1", e: now + 60_000 })).toString("base64url");
    expect(verifyEmbedHandoff({ code: `${forged}.${mac}`, nonce: "n1", now })).toBeNull();
    expect(verifyEmbedHandoff({ code: `${p}`, nonce: "n1", now })).toBeNull();
  });
});
