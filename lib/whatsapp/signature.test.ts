import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { signHubSignature, verifyHubSignature } from "./signature";

const SECRET = "test-app-secret";

/** A raw body exactly as Meta puts it on the wire: Hindi and emoji as \uXXXX, "/" as "\/". */
const META_RAW =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",' +
  '"metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},' +
  '"contacts":[{"profile":{"name":"\\u0930\\u093e\\u0939\\u0941\\u0932"},"wa_id":"919812345678"}],' +
  '"messages":[{"from":"919812345678","id":"wamid.HBgMOTE5ODEyMzQ1Njc4FQIAEhgg","timestamp":"1749416383","type":"text",' +
  '"text":{"body":"\\u0928\\u092e\\u0938\\u094d\\u0924\\u0947 \\ud83d\\ude4f price 500\\/- see https:\\/\\/example.com\\/p"}}]},"field":"messages"}]}]}';

function hexHmac(body: string | Buffer, secret = SECRET): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

describe("verifyHubSignature", () => {
  it("accepts Meta's raw bytes with Hindi, emoji and escaped slashes", () => {
    const raw = Buffer.from(META_RAW, "utf8");
    const header = `sha256=${hexHmac(raw)}`;
    expect(verifyHubSignature(raw, header, SECRET)).toBe(true);
    // The body really contains what the test claims once parsed.
    const parsed = JSON.parse(META_RAW);
    expect(parsed.entry[0].changes[0].value.messages[0].text.body).toBe("नमस्ते 🙏 price 500/- see https://example.com/p");
  });

  it("accepts a Uint8Array view over the same bytes", () => {
    const buf = Buffer.from(META_RAW, "utf8");
    const view = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    expect(verifyHubSignature(view, `sha256=${hexHmac(buf)}`, SECRET)).toBe(true);
  });

  it("rejects the same payload re-serialised with JSON.stringify (bytes differ)", () => {
    const header = `sha256=${hexHmac(META_RAW)}`;
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(META_RAW)), "utf8");
    expect(reserialised.equals(Buffer.from(META_RAW))).toBe(false);
    expect(verifyHubSignature(reserialised, header, SECRET)).toBe(false);
  });

  it("rejects a wrong secret, a tampered body, and malformed or missing headers", () => {
    const raw = Buffer.from(META_RAW);
    const good = `sha256=${hexHmac(raw)}`;
    expect(verifyHubSignature(raw, `sha256=${hexHmac(raw, "other")}`, SECRET)).toBe(false);
    expect(verifyHubSignature(Buffer.from(META_RAW.replace("500", "501")), good, SECRET)).toBe(false);
    expect(verifyHubSignature(raw, null, SECRET)).toBe(false);
    expect(verifyHubSignature(raw, "", SECRET)).toBe(false);
    expect(verifyHubSignature(raw, hexHmac(raw), SECRET)).toBe(false); // no "sha256=" prefix
    expect(verifyHubSignature(raw, "sha1=" + hexHmac(raw), SECRET)).toBe(false);
    expect(verifyHubSignature(raw, good.slice(0, -2), SECRET)).toBe(false);
    expect(verifyHubSignature(raw, good, "")).toBe(false);
  });

  it("accepts upper-case hex (header compared case-insensitively)", () => {
    const raw = Buffer.from(META_RAW);
    expect(verifyHubSignature(raw, `sha256=${hexHmac(raw).toUpperCase()}`, SECRET)).toBe(true);
  });
});

describe("signHubSignature", () => {
  it("produces the header Meta would send, verifiable by verifyHubSignature", () => {
    const header = signHubSignature(META_RAW, SECRET);
    expect(header).toBe(`sha256=${hexHmac(META_RAW)}`);
    expect(verifyHubSignature(Buffer.from(META_RAW), header, SECRET)).toBe(true);
  });
});
