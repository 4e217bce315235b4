import type { ApiKey } from "@prisma/client";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/lib/auth/api-key-format";
import type { TApiKey } from "./api-key.schema";

export type ApiKeyRow = Pick<ApiKey, "id" | "name" | "prefix" | "scopes" | "role" | "createdAt" | "lastUsedAt" | "revokedAt" | "expiresAt">;

/** Columns toApiKeyDTO needs (use as `select`). Never the hash. */
export const API_KEY_DTO_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  expiresAt: true,
} as const;

export function toApiKeyDTO(row: ApiKeyRow): TApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)),
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
