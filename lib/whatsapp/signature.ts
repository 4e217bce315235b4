import { hmacSha256, safeEqual } from "@/lib/core/crypto";

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>` (reference §1.3).
 *
 * Always hash the RAW request bytes. Meta serialises JSON with non-ASCII escaped as lowercase
 * `\uXXXX` and `/` escaped as `\/`, so `JSON.stringify(JSON.parse(body))` produces different bytes
 * and the HMAC fails — typically only on messages with accents, emoji, Hindi text or slashes
 * (whatsapp-api-js issues #290, #380).
 */
export const SIGNATURE_HEADER = "x-hub-signature-256";

const PREFIX = "sha256=";

function toBuffer(raw: Uint8Array | Buffer | string): Buffer {
  if (typeof raw === "string") return Buffer.from(raw, "utf8");
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The header value Meta would send for these bytes (used by the sandbox and tests). */
export function signHubSignature(rawBody: Uint8Array | Buffer | string, appSecret: string): string {
  return PREFIX + hmacSha256(appSecret, toBuffer(rawBody)).toString("hex");
}

/** Constant-time check of the header against the raw body. False for a missing or malformed header. */
export function verifyHubSignature(rawBody: Uint8Array | Buffer, header: string | null | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  const value = header.trim();
  if (!value.toLowerCase().startsWith(PREFIX)) return false;
  const received = value.slice(PREFIX.length).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(received)) return false;
  const expected = hmacSha256(appSecret, toBuffer(rawBody)).toString("hex");
  return safeEqual(received, expected);
}
