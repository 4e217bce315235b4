import "server-only";
import { loadConversationDto } from "@/lib/conversations/load-conversation-dto";
import { publishConversationUpdated } from "@/lib/conversations/publish-conversation-updated";
import { publish } from "@/lib/events/bus";
import { messageDtoById } from "./message-dtos";
import type { TMessageDto } from "./message.schema";

/** `message.created` (+ `conversation.updated` unless told otherwise), after the commit. */
export async function publishMessageCreated(workspaceId: string, messageId: string, options: { conversation?: boolean } = {}): Promise<TMessageDto> {
  const dto = await messageDtoById(messageId);
  await publish({
    type: "message.created",
    workspaceId,
    data: { messageId: dto.id, conversationId: dto.conversationId, direction: dto.direction, type: dto.type, message: dto },
  });
  if (options.conversation !== false) await publishConversationUpdated(workspaceId, await loadConversationDto(workspaceId, dto.conversationId));
  return dto;
}

export async function publishStatusChanged(
  workspaceId: string,
  data: { messageId: string; conversationId: string; status: TMessageDto["status"]; error: TMessageDto["error"] },
): Promise<void> {
  await publish({ type: "message.status_changed", workspaceId, data });
}
