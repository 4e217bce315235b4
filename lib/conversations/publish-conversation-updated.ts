import "server-only";
import { publish } from "@/lib/events/bus";
import type { TConversationDto } from "./conversation.schema";

/** `conversation.updated` with the whole DTO, to the workspace (agents see every conversation in v1). Call after commit. */
export async function publishConversationUpdated(workspaceId: string, conversation: TConversationDto): Promise<void> {
  await publish({
    type: "conversation.updated",
    workspaceId,
    data: {
      conversationId: conversation.id,
      status: conversation.status,
      assigneeId: conversation.assignee?.id ?? null,
      lastMessageAt: conversation.lastMessageAt,
      unreadCount: conversation.unreadCount,
      conversation,
    },
  });
}
