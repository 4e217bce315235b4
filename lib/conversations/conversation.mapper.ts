import type { Conversation } from "@prisma/client";
import { CONTACT_DTO_SELECT, toContactDto, type TContactRow } from "@/lib/contacts/contact.mapper";
import type { TConversationDto } from "./conversation.schema";

/** The `include` every conversation DTO query uses. */
export const CONVERSATION_DTO_INCLUDE = {
  contact: { select: CONTACT_DTO_SELECT },
  assignee: { select: { id: true, name: true } },
} as const;

export type TConversationRow = Conversation & { contact: TContactRow; assignee: { id: string; name: string } | null };

export function toConversationDto(c: TConversationRow): TConversationDto {
  return {
    id: c.id,
    status: c.status,
    assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
    contact: toContactDto(c.contact),
    unreadCount: c.unreadCount,
    labels: c.labels,
    lastMessageAt: c.lastMessageAt.toISOString(),
    lastMessageText: c.lastMessageText,
    windowExpiresAt: c.windowExpiresAt ? c.windowExpiresAt.toISOString() : null,
    botState: c.botState,
    createdAt: c.createdAt.toISOString(),
  };
}
