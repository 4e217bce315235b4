import { z } from "zod";
import { ZContactDtoSchema } from "@/lib/contacts/contact.schema";

/** Conversation DTOs and inputs (client-safe). */
export const ZConversationDtoSchema = z.object({
  id: z.string(),
  status: z.enum(["open", "pending", "resolved"]),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  contact: ZContactDtoSchema,
  unreadCount: z.number().int().nonnegative(),
  labels: z.array(z.string()),
  lastMessageAt: z.string(),
  lastMessageText: z.string().nullable(),
  /** End of the 24-hour customer-service window; null when the customer never wrote. */
  windowExpiresAt: z.string().nullable(),
  botState: z.enum(["active", "paused", "handed_off", "off"]),
  createdAt: z.string(),
});
export type TConversationDto = z.infer<typeof ZConversationDtoSchema>;

export const ZConversationPageSchema = z.object({ data: z.array(ZConversationDtoSchema), nextCursor: z.string().nullable() });

const boolParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ZConversationListQuerySchema = z
  .object({
    status: z.enum(["open", "resolved", "all"]).default("open"),
    /** me | unassigned | all | a user id. */
    assignee: z.string().min(1).max(64).default("all"),
    unread: boolParam.optional(),
    label: z.string().trim().min(1).max(64).optional(),
    /** Search over contact name, phone, username and message text. */
    q: z.string().trim().max(200).optional(),
    /** Contact phone (digits; "+" and spaces ignored). */
    phone: z.string().trim().max(32).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type TConversationListQuery = z.infer<typeof ZConversationListQuerySchema>;

export const ZConversationIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();

export const ZAssignConversationSchema = z.object({ assigneeId: z.string().min(1).max(64).nullable() }).strict();

const label = z.string().trim().min(1).max(64);
export const ZUpdateConversationSchema = z.object({ labels: z.array(label).max(50).optional() }).strict();

export const ZAddNoteSchema = z.object({ body: z.string().trim().min(1).max(10_000) }).strict();

export const ZViewerSchema = z.object({ id: z.string(), name: z.string() });
export const ZViewersSchema = z.object({ viewers: z.array(ZViewerSchema) });
export type TViewer = z.infer<typeof ZViewerSchema>;
