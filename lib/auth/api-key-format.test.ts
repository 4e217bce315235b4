import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_KEY_PREFIX, displayPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from "./api-key-format";

describe("API key format", () => {
  it("generates prefixed 256-bit base64url keys, different every time", () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const k of keys) {
      expect(k).toMatch(/^wcc_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(k.slice(API_KEY_PREFIX.length), "base64url")).toHaveLength(32);
      expect(looksLikeApiKey(k)).toBe(true);
    }
  });

  it("hashes with SHA-256 (hex), deterministically", () => {
    // Known vector: SHA-256("abc").
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hashApiKey(key)).toBe(hashApiKey(key));
  });

  it("verifies only the exact key: any changed character gives another hash", () => {
    const key = generateApiKey();
    const stored = hashApiKey(key);
    const last = key.at(-1) === "A" ? "B" : "A";
    expect(hashApiKey(key.slice(0, -1) + last)).not.toBe(stored);
    expect(hashApiKey(key + " ")).not.toBe(stored);
    expect(hashApiKey(key.toUpperCase())).not.toBe(stored);
  });

  it("keeps a display prefix that cannot be used as the key", () => {
    const key = generateApiKey();
    const prefix = displayPrefix(key);
    expect(prefix).toBe(key.slice(0, 10));
    expect(key.startsWith(prefix)).toBe(true);
    expect(looksLikeApiKey(prefix)).toBe(false);
  });

  it("rejects strings that are not API keys before any lookup", () => {
    expect(looksLikeApiKey("")).toBe(false);
    expect(looksLikeApiKey("Bearer wcc_abc")).toBe(false);
    expect(looksLikeApiKey("sk_" + "a".repeat(40))).toBe(false);
    expect(looksLikeApiKey("wcc_short")).toBe(false);
    expect(looksLikeApiKey("wcc_" + "a".repeat(300))).toBe(false);
  });
});
