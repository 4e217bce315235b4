import { hmacSha256, safeEqual } from "@/lib/core/crypto";

/**
 * Frappe's outgoing webhook signature (reference §5.1): header `X-Frappe-Webhook-Signature` =
 * base64(HMAC-SHA256(key = webhook secret, message = the body)). Frappe signs Python's
 * `json.dumps(data)` and sends the same string, so verify over the RAW request bytes — re-serialising
 * with JSON.stringify changes separators (", " / ": ") and escapes and breaks the HMAC.
 * Frappe adds no Content-Type header unless the webhook's headers table has one.
 */
export const FRAPPE_SIGNATURE_HEADER = "x-frappe-webhook-signature";

function toBuffer(raw: Uint8Array | Buffer | string): Buffer {
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The header value Frappe would send for these bytes (the fake CRM and tests use it). */
export function signFrappeWebhook(rawBody: Uint8Array | Buffer | string, secret: string): string {
  return hmacSha256(secret, toBuffer(rawBody)).toString("base64");
}

/** Constant-time check; false for a missing or empty header or secret. */
export function verifyFrappeWebhookSignature(
  rawBody: Uint8Array | Buffer | string,
  header: string | null | undefined,
  secret: string,
): boolean {
  if (!header || !secret) return false;
  const received = header.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(received)) return false;
  return safeEqual(received, signFrappeWebhook(rawBody, secret));
}
