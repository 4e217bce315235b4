import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signFrappeWebhook, verifyFrappeWebhookSignature } from "./webhook-signature";

const secret = "s3cret";
// Python json.dumps output: ", " / ": " separators and \u escapes — not what JSON.stringify makes.
const raw = Buffer.from('{"doctype": "CRM Lead", "name": "CRM-LEAD-2026-00001", "lead_name": "Priy\\u00e0 Sharma", "lead_owner": "agent@example.com"}');

describe("X-Frappe-Webhook-Signature", () => {
  it("is base64(HMAC-SHA256(secret, body))", () => {
    expect(signFrappeWebhook(raw, secret)).toBe(createHmac("sha256", secret).update(raw).digest("base64"));
  });

  it("accepts a valid signature over the raw bytes", () => {
    expect(verifyFrappeWebhookSignature(raw, signFrappeWebhook(raw, secret), secret)).toBe(true);
  });

  it("rejects an invalid signature, another secret, or a tampered body", () => {
    const sig = signFrappeWebhook(raw, secret);
    expect(verifyFrappeWebhookSignature(raw, signFrappeWebhook(raw, "other"), secret)).toBe(false);
    expect(verifyFrappeWebhookSignature(Buffer.concat([raw, Buffer.from(" ")]), sig, secret)).toBe(false);
    expect(verifyFrappeWebhookSignature(raw, sig.slice(0, -4) + "AAA=", secret)).toBe(false);
    expect(verifyFrappeWebhookSignature(raw, "not base64!", secret)).toBe(false);
  });

  it("rejects a body re-serialised by JSON.stringify (the signature is over Python's bytes)", () => {
    const sig = signFrappeWebhook(raw, secret);
    const reserialised = JSON.stringify(JSON.parse(raw.toString("utf8")));
    expect(verifyFrappeWebhookSignature(reserialised, sig, secret)).toBe(false);
  });

  it("rejects a missing header or an unset secret", () => {
    expect(verifyFrappeWebhookSignature(raw, undefined, secret)).toBe(false);
    expect(verifyFrappeWebhookSignature(raw, null, secret)).toBe(false);
    expect(verifyFrappeWebhookSignature(raw, "", secret)).toBe(false);
    expect(verifyFrappeWebhookSignature(raw, signFrappeWebhook(raw, ""), "")).toBe(false);
  });
});
