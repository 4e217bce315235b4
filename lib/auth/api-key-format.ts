import { randomToken, sha256Hex } from "@/lib/core/crypto";

/**
 * API keys look like `wcc_<43 base64url chars>` (256 random bits). Stored as SHA-256: with this much
 * entropy a slow hash adds nothing, and lookups stay one indexed query. The prefix is kept to tell
 * keys apart in the admin list.
 */
export const API_KEY_PREFIX = "wcc_";
export const API_KEY_SCOPES = ["read", "write", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomToken(32);
}

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && value.length >= API_KEY_PREFIX.length + 20 && value.length <= 200;
}
