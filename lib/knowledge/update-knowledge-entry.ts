import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { toKnowledgeDto } from "./knowledge.mapper";
import type { TKnowledgeEntryDto, TKnowledgeUpdate } from "./knowledge.schema";

export async function updateKnowledgeEntry(options: {
  workspaceId: string;
  id: string;
  input: TKnowledgeUpdate;
  actor: Actor;
}): Promise<TKnowledgeEntryDto> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const { count } = await tx.knowledgeEntry.updateMany({
      where: { id: options.id, workspaceId: options.workspaceId },
      data: options.input,
    });
    if (count === 0) throw new AppError("NOT_FOUND", { userMessage: "Knowledge entry not found." });
    await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actorId: options.actor.id,
      actorType: options.actor.type,
      ip: options.actor.ip,
      action: "knowledge.updated",
      targetType: "knowledge_entry",
      targetId: options.id,
    });
    return toKnowledgeDto(await tx.knowledgeEntry.findUniqueOrThrow({ where: { id: options.id } }));
  });
}
