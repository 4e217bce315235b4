import "server-only";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { TConversationDto } from "./conversation.schema";
import { loadConversationDto } from "./load-conversation-dto";
import { publishConversationUpdated } from "./publish-conversation-updated";

/**
 * The shared shape of conversation commands: load (workspace-scoped, locked), change + audit in one
 * transaction, publish `conversation.updated` after the commit, return the DTO.
 */
export async function updateConversationAndPublish(options: {
  workspaceId: string;
  id: string;
  actor?: Actor;
  action: string;
  change: (
    current: { id: string; status: string; assigneeId: string | null; labels: string[] },
    tx: Prisma.TransactionClient,
  ) => Promise<Prisma.ConversationUpdateInput | null>;
}): Promise<TConversationDto> {
  const db = await getDb();
  const dto = await db.$transaction(async (tx) => {
    const current = await tx.conversation.findFirst({
      where: { id: options.id, workspaceId: options.workspaceId },
      select: { id: true, status: true, assigneeId: true, labels: true },
    });
    if (!current) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
    const data = await options.change(current, tx);
    if (data) {
      await tx.conversation.update({ where: { id: current.id }, data });
      if (options.actor) {
        await recordAudit({
          tx,
          workspaceId: options.workspaceId,
          actorId: options.actor.id,
          actorType: options.actor.type,
          ip: options.actor.ip,
          action: options.action,
          targetType: "conversation",
          targetId: current.id,
          data: JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue,
        });
      }
    }
    return loadConversationDto(options.workspaceId, current.id, tx);
  });
  await publishConversationUpdated(options.workspaceId, dto);
  return dto;
}
