import "server-only";
import type { Actor } from "@/lib/api/actor";
import type { TConversationDto } from "./conversation.schema";
import { updateConversationAndPublish } from "./update-and-publish";

/** Resolves (closes) a conversation. Idempotent: resolving a resolved conversation changes nothing. */
export function resolveConversation(options: { workspaceId: string; id: string; actor: Actor }): Promise<TConversationDto> {
  return updateConversationAndPublish({
    ...options,
    action: "conversation.resolved",
    change: async (current) => (current.status === "resolved" ? null : { status: "resolved", resolvedAt: new Date(), unreadCount: 0 }),
  });
}
