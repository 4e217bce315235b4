import {
  ZAddNoteSchema,
  ZAssignConversationSchema,
  ZConversationDtoSchema,
  ZConversationIdParamsSchema,
  ZConversationListQuerySchema,
  ZConversationPageSchema,
  ZUpdateConversationSchema,
  ZViewersSchema,
} from "@/lib/conversations/conversation.schema";
import { ZMessageDtoSchema, ZMessageListQuerySchema, ZMessagePageSchema, ZSendMessageSchema } from "@/lib/messages/message.schema";
import { defineApiRoute } from "../openapi";

const tags = ["conversations"];
const permission = "inbox:use" as const;
const params = ZConversationIdParamsSchema;
export const listConversationsRoute = defineApiRoute({ method: "GET", path: "/api/v1/conversations", summary: "Inbox list: filters, search, newest first, cursor pagination", tags, permission, query: ZConversationListQuerySchema, response: ZConversationPageSchema });
export const getConversationRoute = defineApiRoute({ method: "GET", path: "/api/v1/conversations/{id}", summary: "One conversation", tags, permission, params, response: ZConversationDtoSchema });
export const updateConversationRoute = defineApiRoute({ method: "PATCH", path: "/api/v1/conversations/{id}", summary: "Replace the labels", tags, permission, params, body: ZUpdateConversationSchema, response: ZConversationDtoSchema });
export const assignConversationRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/assign", summary: "Assign to a user of the workspace (null unassigns)", tags, permission, params, body: ZAssignConversationSchema, response: ZConversationDtoSchema });
export const resolveConversationRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/resolve", summary: "Resolve", tags, permission, params, response: ZConversationDtoSchema });
export const reopenConversationRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/reopen", summary: "Reopen a resolved conversation", tags, permission, params, response: ZConversationDtoSchema, errors: [409] });
export const readConversationRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/read", summary: "Mark read: unread count 0, blue ticks on WhatsApp", tags, permission, params, response: ZConversationDtoSchema });
export const addNoteRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/notes", summary: "Add an internal note (never sent to WhatsApp)", tags, permission, params, body: ZAddNoteSchema, response: ZMessageDtoSchema, status: 201 });
export const viewingRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/viewing", summary: "Heartbeat: I have this conversation open; returns who is viewing it", tags, permission, params, response: ZViewersSchema });
export const listMessagesRoute = defineApiRoute({ method: "GET", path: "/api/v1/conversations/{id}/messages", summary: "The thread, newest first, cursor pagination", tags, permission, params, query: ZMessageListQuerySchema, response: ZMessagePageSchema });
export const sendMessageRoute = defineApiRoute({ method: "POST", path: "/api/v1/conversations/{id}/messages", summary: "Send text, media, a template, a reaction or a location (queued; status pending)", description: "Free-form messages need the 24-hour window to be open (409 INVALID_STATE otherwise); templates are always allowed.", tags, permission, params, body: ZSendMessageSchema, response: ZMessageDtoSchema, status: 201, errors: [409, 415] });
