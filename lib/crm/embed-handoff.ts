import "server-only";
import { hmacSha256, safeEqual } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";

/**
 * Sign-in inside the Frappe iframe. The iframe is a third-party context: Chromium partitions (or,
 * with third-party cookies blocked, drops) cookies there, so the session the user gets in the
 * top-level sign-in popup is not visible to the iframe. The popup therefore hands the iframe a
 * one-minute code (postMessage, origin-checked), and the iframe exchanges it at /embed/session
 * for a session cookie set from inside the iframe (SameSite=None; Secure; Partitioned).
 * The code is bound to a nonce the iframe generated, so a code alone is not enough.
 */
const TTL_MS = 60_000;

function sign(payload: string): string {
  return hmacSha256(`embed-handoff:${env().nextAuthSecret}`, payload).toString("base64url");
}

export function mintEmbedHandoff(options: { userId: string; nonce: string; now?: number }): string {
  const payload = Buffer.from(JSON.stringify({ u: options.userId, n: options.nonce, e: (options.now ?? Date.now()) + TTL_MS })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The user id, or null for a forged, expired or differently-bound code. */
export function verifyEmbedHandoff(options: { code: string; nonce: string; now?: number }): string | null {
  const [payload, mac] = options.code.split(".");
  if (!payload || !mac || !safeEqual(mac, sign(payload))) return null;
  try {
    const p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u?: unknown; n?: unknown; e?: unknown };
    if (typeof p.u !== "string" || p.n !== options.nonce || typeof p.e !== "number" || p.e < (options.now ?? Date.now())) return null;
    return p.u;
  } catch {
    return null;
  }
}
