import { describe, expect, it } from "vitest";
import { metaJsonBytes, metaJsonStringify } from "./meta-json";

describe("metaJsonStringify", () => {
  it("escapes Hindi text as lowercase \\uXXXX", () => {
    expect(metaJsonStringify({ body: "नमस्ते" })).toBe('{"body":"\\u0928\\u092e\\u0938\\u094d\\u0924\\u0947"}');
  });

  it("escapes emoji as a surrogate pair and / as \\/", () => {
    expect(metaJsonStringify({ body: "ok 👍 https://x.io/a" })).toBe('{"body":"ok \\ud83d\\udc4d https:\\/\\/x.io\\/a"}');
  });

  it("round-trips through JSON.parse to the same value and is pure ASCII", () => {
    const value = { a: "कीमत ₹500/- 😀", b: [1, null, true], c: 'quote " and \\ backslash' };
    const bytes = metaJsonBytes(value);
    expect(JSON.parse(bytes.toString("utf8"))).toEqual(value);
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    expect(bytes.toString("utf8")).not.toBe(JSON.stringify(value));
  });

  it("leaves DEL (0x7f) escaped and plain ASCII untouched", () => {
    expect(metaJsonStringify("abc\u007f")).toBe('"abc\\u007f"');
    expect(metaJsonStringify({ x: "plain ascii" })).toBe('{"x":"plain ascii"}');
  });
});
