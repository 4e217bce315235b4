import { hmacSha256, safeEqual } from "../core/crypto";

/**
 * HMAC-SHA256 request signing between web and the media-server, both directions (web → control API,
 * media-server → `/api/media/events`), keyed with MEDIA_SERVER_SECRET.
 *
 *   x-media-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 *
 * The timestamp is inside the MAC, so a captured request cannot be replayed once it is older than the
 * tolerance (300 s). This file has no imports beyond lib/core/crypto.ts so the media-server can use it.
 */
export const SIGNATURE_HEADER = "x-media-signature";
export const SIGNATURE_TOLERANCE_SEC = 300;

export type SignatureFailure = "missing" | "malformed" | "expired" | "mismatch";
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

function mac(timestamp: number, rawBody: string | Buffer, secret: string): string {
  const payload = Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, "utf8")]);
  return hmacSha256(secret, payload).toString("hex");
}

/** The header value for `rawBody`, signed now (or at `nowSec`, for tests). */
export function signRequest(rawBody: string | Buffer, secret: string, nowSec = Math.floor(Date.now() / 1000)): string {
  return `t=${nowSec},v1=${mac(nowSec, rawBody, secret)}`;
}

/** Checks a header value against the exact raw body bytes; constant-time comparison. */
export function verifyRequest(
  header: string | null | undefined,
  rawBody: string | Buffer,
  secret: string,
  options: { nowSec?: number; toleranceSec?: number } = {},
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing" };
  const parts = new Map<string, string>();
  for (const item of header.split(",")) {
    const i = item.indexOf("=");
    if (i > 0) parts.set(item.slice(0, i).trim(), item.slice(i + 1).trim());
  }
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (!t || !v1 || !/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(v1)) return { ok: false, reason: "malformed" };
  const timestamp = Number(t);
  const now = options.nowSec ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSec ?? SIGNATURE_TOLERANCE_SEC;
  // Check the MAC first so an attacker learns nothing about the window from forged headers.
  if (!safeEqual(mac(timestamp, rawBody, secret), v1.toLowerCase())) return { ok: false, reason: "mismatch" };
  if (Math.abs(now - timestamp) > tolerance) return { ok: false, reason: "expired" };
  return { ok: true, timestamp };
}
