import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { TConversationDto } from "./conversation.schema";
import { loadConversationDto } from "./load-conversation-dto";
import { publishConversationUpdated } from "./publish-conversation-updated";

/**
 * An agent opened the conversation: unread → 0, and (through a job, so a slow Graph API never
 * blocks the UI) mark the last inbound message read on WhatsApp — Meta then marks all earlier
 * ones read too and the customer sees blue ticks (reference §2.4).
 */
export async function markConversationRead(options: { workspaceId: string; id: string }): Promise<TConversationDto> {
  const db = await getDb();
  const { dto, changed } = await db.$transaction(async (tx) => {
    const conv = await tx.conversation.findFirst({ where: { id: options.id, workspaceId: options.workspaceId }, select: { id: true, unreadCount: true } });
    if (!conv) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
    const lastInbound = await tx.message.findFirst({
      where: { conversationId: conv.id, direction: "inbound", metaId: { not: null }, type: { not: "reaction" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, metaId: true },
    });
    if (lastInbound?.metaId) {
      await enqueueJob({
        tx,
        name: "whatsapp.mark_read",
        workspaceId: options.workspaceId,
        payload: { messageId: lastInbound.id },
        idempotencyKey: `whatsapp.mark_read:${lastInbound.metaId}`,
      });
    }
    if (conv.unreadCount !== 0) await tx.conversation.update({ where: { id: conv.id }, data: { unreadCount: 0 } });
    return { dto: await loadConversationDto(options.workspaceId, conv.id, tx), changed: conv.unreadCount !== 0 };
  });
  if (changed) await publishConversationUpdated(options.workspaceId, dto);
  return dto;
}
