/**
 * The v1 inbox API as the browser sees it: the server's client-safe DTO schemas (issue 3) plus the
 * few shapes that have no schema file yet. Never Prisma rows.
 */
import type { TContactDto } from "@/lib/contacts/contact.schema";
import type { TConversationDto, TViewer } from "@/lib/conversations/conversation.schema";
import type { TMessageDto } from "@/lib/messages/message.schema";

export type MessageStatus = TMessageDto["status"];
export type UserRef = TViewer;
export type ContactDTO = TContactDto;
/** `viewers` is not part of the list DTO; the page keeps it from SSE and the heartbeat. */
export type ConversationDTO = TConversationDto & { viewers?: UserRef[] };
export type MessageDTO = TMessageDto;
export type MediaDTO = NonNullable<TMessageDto["media"]>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: { type: string; text: string }[];
  [k: string]: unknown;
}

export interface TemplateDTO {
  name: string;
  language: string;
  category: string;
  status: string;
  components: TemplateComponent[];
  parameterFormat?: string | null;
  parameter_format?: string | null;
}

export interface CannedResponseDTO {
  id: string;
  shortcut: string;
  body: string;
}

export interface AgentDTO {
  id: string;
  name: string;
  role: string;
  presence?: string;
}

export type SendMessageInput =
  | { type: "text"; text: string; replyToMessageId?: string }
  | { type: "media"; mediaId: string; mediaType: string; caption?: string; filename?: string }
  | { type: "template"; name: string; language: string; parameters?: { body?: string[]; header?: string[] } }
  | { type: "reaction"; messageId: string; emoji: string };

export interface UploadedMedia {
  id: string;
  url: string;
  mime: string;
  size: number;
  filename: string;
}

export interface ConversationFilters {
  assignee: "me" | "unassigned" | "all";
  status: "open" | "resolved" | "all";
  unread: boolean;
  label: string;
  q: string;
}
