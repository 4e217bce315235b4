import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { API_KEY_SCOPES, displayPrefix, generateApiKey, hashApiKey, type ApiKeyScope } from "@/lib/auth/api-key-format";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { API_KEY_DTO_SELECT, toApiKeyDTO } from "./api-key.mapper";
import type { TCreateApiKey, TCreatedApiKey } from "./api-key.schema";

export interface CreateApiKeyOptions {
  workspaceId: string;
  actor: Actor;
  input: TCreateApiKey;
}

/**
 * Creates an admin-role API key. The full key is returned once, here; only its SHA-256 is stored
 * (lib/auth/api-key-format.ts). The row and its `api_key.created` audit entry share a transaction.
 *
 * Scopes are cumulative: the route wrapper asks for exactly "read" on GET and "write" on writes,
 * so a key asked for as ["admin"] is stored as ["read", "write", "admin"] — otherwise it could
 * create users but not list them.
 */
export async function createApiKey({ workspaceId, actor, input }: CreateApiKeyOptions): Promise<TCreatedApiKey> {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError("INVALID_INPUT", {
      userMessage: "expiresAt: must be in the future",
      details: [{ field: "expiresAt", message: "Must be in the future" }],
    });
  }
  const key = generateApiKey();
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        workspaceId,
        name: input.name,
        prefix: displayPrefix(key),
        hash: hashApiKey(key),
        scopes: impliedScopes(input.scopes),
        role: "admin",
        createdById: actor.userId,
        expiresAt,
      },
      select: API_KEY_DTO_SELECT,
    });
    await recordAudit({
      tx,
      workspaceId,
      actorId: actor.id,
      actorType: actor.type,
      ip: actor.ip,
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      data: { name: created.name, prefix: created.prefix, scopes: created.scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { apiKey: toApiKeyDTO(row), key };
}

/** admin ⇒ write ⇒ read, in the canonical order. */
export function impliedScopes(scopes: readonly ApiKeyScope[]): ApiKeyScope[] {
  const highest = Math.max(...scopes.map((s) => API_KEY_SCOPES.indexOf(s)));
  return API_KEY_SCOPES.slice(0, highest + 1);
}
