import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/core/db";
import { toKnowledgeDto } from "./knowledge.mapper";
import type { TKnowledgeEntryDto, TKnowledgeInput } from "./knowledge.schema";

export async function createKnowledgeEntry(options: {
  workspaceId: string;
  input: TKnowledgeInput;
  actor: Actor;
}): Promise<TKnowledgeEntryDto> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const row = await tx.knowledgeEntry.create({
      data: { workspaceId: options.workspaceId, ...options.input },
    });
    await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actorId: options.actor.id,
      actorType: options.actor.type,
      ip: options.actor.ip,
      action: "knowledge.created",
      targetType: "knowledge_entry",
      targetId: row.id,
    });
    return toKnowledgeDto(row);
  });
}
