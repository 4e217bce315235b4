import "server-only";
import { loadConversationDto } from "@/lib/conversations/load-conversation-dto";
import type { TConversationDto } from "@/lib/conversations/conversation.schema";
import { publishConversationUpdated } from "@/lib/conversations/publish-conversation-updated";
import { publish } from "@/lib/events/bus";
import { messageDtoById } from "./message-dtos";
import type { TMessageDto } from "./message.schema";

/**
 * DTOs a use-case built from rows it has just written (ingestInboundMessage), keyed by message id,
 * so the publish right after its commit does not read them back. Taken once; bounded, because a
 * job that fails between the commit and the publish never takes its entry.
 */
const fresh = new Map<string, { workspaceId: string; message: TMessageDto; conversation: TConversationDto | null }>();
const FRESH_LIMIT = 1_000;

export function rememberFreshMessage(workspaceId: string, dtos: { message: TMessageDto; conversation: TConversationDto | null }): void {
  fresh.set(dtos.message.id, { workspaceId, ...dtos });
  if (fresh.size > FRESH_LIMIT) fresh.delete(fresh.keys().next().value!);
}

function takeFresh(workspaceId: string, messageId: string) {
  const f = fresh.get(messageId);
  if (!f) return undefined;
  fresh.delete(messageId);
  return f.workspaceId === workspaceId ? f : undefined;
}

/** `message.created` (+ `conversation.updated` unless told otherwise), after the commit. */
export async function publishMessageCreated(workspaceId: string, messageId: string, options: { conversation?: boolean } = {}): Promise<TMessageDto> {
  const f = takeFresh(workspaceId, messageId);
  const dto = f?.message ?? (await messageDtoById(messageId));
  await publish({
    type: "message.created",
    workspaceId,
    data: { messageId: dto.id, conversationId: dto.conversationId, direction: dto.direction, type: dto.type, message: dto },
  });
  if (options.conversation !== false) {
    await publishConversationUpdated(workspaceId, f?.conversation ?? (await loadConversationDto(workspaceId, dto.conversationId)));
  }
  return dto;
}

export async function publishStatusChanged(
  workspaceId: string,
  data: { messageId: string; conversationId: string; status: TMessageDto["status"]; error: TMessageDto["error"] },
): Promise<void> {
  await publish({ type: "message.status_changed", workspaceId, data });
}
