import "server-only";
import type { TConversationDto } from "./conversation.schema";
import { loadConversationDto } from "./load-conversation-dto";

export interface GetConversationOptions {
  workspaceId: string;
  id: string;
}

export function getConversation(options: GetConversationOptions): Promise<TConversationDto> {
  return loadConversationDto(options.workspaceId, options.id);
}
