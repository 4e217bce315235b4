import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { API_KEY_DTO_SELECT, toApiKeyDTO } from "./api-key.mapper";
import type { TApiKey } from "./api-key.schema";

export interface RevokeApiKeyOptions {
  workspaceId: string;
  apiKeyId: string;
  actor: Actor;
}

/**
 * Revokes a key: it stops working on the next request (the principal lookup checks revokedAt).
 * Idempotent — revoking a revoked key returns it unchanged and writes no second audit entry.
 * The update is conditional on `revokedAt IS NULL`, so two concurrent revokes audit once.
 */
export async function revokeApiKey({ workspaceId, apiKeyId, actor }: RevokeApiKeyOptions): Promise<TApiKey> {
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: apiKeyId, workspaceId }, select: { id: true } });
    if (!key) throw new AppError("NOT_FOUND", { userMessage: "API key not found." });
    const { count } = await tx.apiKey.updateMany({
      where: { id: key.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const current = await tx.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: API_KEY_DTO_SELECT });
    if (count === 1) {
      await recordAudit({
        tx,
        workspaceId,
        actorId: actor.id,
        actorType: actor.type,
        ip: actor.ip,
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: key.id,
        data: { name: current.name, prefix: current.prefix },
      });
    }
    return current;
  });
  return toApiKeyDTO(row);
}
