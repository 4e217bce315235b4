import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { publish } from "@/lib/events/bus";
import { messageDtoById } from "@/lib/messages/message-dtos";
import type { TMessageDto } from "@/lib/messages/message.schema";

/**
 * An internal note: a Message of type "note" in the thread, visible to the team only. It is never
 * sent to WhatsApp (no job is enqueued and the send path refuses the type), does not touch the
 * 24-hour window, and does not move the conversation up the list.
 */
export async function addConversationNote(options: { workspaceId: string; id: string; body: string; authorId: string | null }): Promise<TMessageDto> {
  const db = await getDb();
  const conv = await db.conversation.findFirst({ where: { id: options.id, workspaceId: options.workspaceId }, select: { id: true, contactId: true } });
  if (!conv) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
  const row = await db.message.create({
    data: {
      workspaceId: options.workspaceId,
      conversationId: conv.id,
      contactId: conv.contactId,
      direction: "outbound",
      type: "note",
      body: options.body,
      // Notes are never sent; "sent" here means "saved" and no status webhook will ever touch it.
      status: "sent",
      statusAt: new Date(),
      senderUserId: options.authorId,
    },
  });
  const dto = await messageDtoById(row.id);
  await publish({
    type: "message.created",
    workspaceId: options.workspaceId,
    data: { messageId: dto.id, conversationId: dto.conversationId, direction: dto.direction, type: dto.type, message: dto },
  });
  return dto;
}
