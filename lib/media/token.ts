import { randomBytes } from "node:crypto";
import { hmacSha256, safeEqual } from "../core/crypto";

/**
 * Short-lived socket tokens: web mints one for the signed-in user (POST /api/media/token), the
 * browser passes it as socket.io `auth.token`, the media-server verifies it with the shared
 * MEDIA_SERVER_SECRET. Compact form: base64url(JSON claims) + "." + base64url(HMAC-SHA256 of the
 * first part). No imports beyond lib/core/crypto.ts so the media-server can use it.
 */
export const MEDIA_ROLES = ["agent", "supervisor", "admin"] as const;
export type MediaRole = (typeof MEDIA_ROLES)[number];

export interface MediaTokenClaims {
  /** Token format version. */
  v: 1;
  userId: string;
  workspaceId: string;
  role: MediaRole;
  callId?: string;
  /** Issued at / expires at, unix seconds. */
  iat: number;
  exp: number;
  /** Random id, so two tokens minted in the same second differ (and can be logged). */
  jti: string;
}

export interface MintMediaTokenOptions {
  userId: string;
  workspaceId: string;
  role: MediaRole;
  callId?: string;
  ttlSec?: number;
  /** For tests. */
  nowSec?: number;
}

export type MediaTokenFailure = "malformed" | "bad_signature" | "expired";
export type MediaTokenCheck = { ok: true; claims: MediaTokenClaims } | { ok: false; reason: MediaTokenFailure };

export function mintMediaToken(options: MintMediaTokenOptions, secret: string): { token: string; claims: MediaTokenClaims } {
  const iat = options.nowSec ?? Math.floor(Date.now() / 1000);
  const claims: MediaTokenClaims = {
    v: 1,
    userId: options.userId,
    workspaceId: options.workspaceId,
    role: options.role,
    ...(options.callId ? { callId: options.callId } : {}),
    iat,
    exp: iat + (options.ttlSec ?? 60),
    jti: randomBytes(12).toString("base64url"),
  };
  const body = Buffer.from(JSON.stringify(claims), "utf8").toString("base64url");
  return { token: `${body}.${sign(body, secret)}`, claims };
}

/** Verifies signature first, then shape, then expiry. */
export function verifyMediaToken(token: unknown, secret: string, nowSec = Math.floor(Date.now() / 1000)): MediaTokenCheck {
  if (typeof token !== "string" || token.length > 4096) return { ok: false, reason: "malformed" };
  const dot = token.indexOf(".");
  if (dot <= 0 || dot !== token.lastIndexOf(".")) return { ok: false, reason: "malformed" };
  const body = token.slice(0, dot);
  const sig = token.slice(dot + 1);
  if (!safeEqual(sign(body, secret), sig)) return { ok: false, reason: "bad_signature" };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" }; // signed by us but not JSON: cannot happen unless the secret leaked
  }
  if (!isClaims(claims)) return { ok: false, reason: "malformed" };
  if (claims.exp <= nowSec) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

function sign(body: string, secret: string): string {
  return hmacSha256(secret, `media-token.${body}`).toString("base64url");
}

function isClaims(c: unknown): c is MediaTokenClaims {
  if (!c || typeof c !== "object") return false;
  const o = c as Record<string, unknown>;
  return (
    o.v === 1 &&
    typeof o.userId === "string" &&
    typeof o.workspaceId === "string" &&
    typeof o.role === "string" &&
    (MEDIA_ROLES as readonly string[]).includes(o.role) &&
    (o.callId === undefined || typeof o.callId === "string") &&
    typeof o.iat === "number" &&
    typeof o.exp === "number" &&
    typeof o.jti === "string"
  );
}
