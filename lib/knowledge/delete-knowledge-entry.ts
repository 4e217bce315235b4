import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";

export async function deleteKnowledgeEntry(options: {
  workspaceId: string;
  id: string;
  actor: Actor;
}): Promise<{ deleted: true }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const { count } = await tx.knowledgeEntry.deleteMany({
      where: { id: options.id, workspaceId: options.workspaceId },
    });
    if (count === 0) throw new AppError("NOT_FOUND", { userMessage: "Knowledge entry not found." });
    await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actorId: options.actor.id,
      actorType: options.actor.type,
      ip: options.actor.ip,
      action: "knowledge.deleted",
      targetType: "knowledge_entry",
      targetId: options.id,
    });
    return { deleted: true as const };
  });
}
