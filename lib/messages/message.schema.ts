import { z } from "zod";

/**
 * Message DTOs and inputs (client-safe: zod only). The inbox UI and the REST API v1 share them;
 * the realtime `message.created` event carries a ZMessageDtoSchema too.
 */
export const MEDIA_TYPES = ["image", "audio", "video", "document", "sticker"] as const;
export type TMediaType = (typeof MEDIA_TYPES)[number];

export const ZMessageErrorSchema = z.object({
  code: z.number().int().nullable(),
  title: z.string().nullable(),
  message: z.string().nullable(),
});
export type TMessageError = z.infer<typeof ZMessageErrorSchema>;

export const ZMessageDtoSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  /** text, image, audio, video, document, sticker, location, contacts, interactive, button, reaction, template, note, system, order, unsupported. */
  type: z.string(),
  body: z.string().nullable(),
  /** Type-specific content (caption, location, template name/parameters, interactive reply …). */
  content: z.record(z.string(), z.unknown()),
  media: z
    .object({ url: z.string(), mime: z.string(), filename: z.string().nullable(), size: z.number().int() })
    .nullable(),
  metaId: z.string().nullable(),
  status: z.enum(["pending", "sent", "delivered", "read", "failed", "received", "deleted"]),
  /** Meta's own code, title and text when the send failed. */
  error: ZMessageErrorSchema.nullable(),
  replyToMessageId: z.string().nullable(),
  reactions: z.array(z.object({ emoji: z.string(), direction: z.enum(["inbound", "outbound"]) })),
  sender: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type TMessageDto = z.infer<typeof ZMessageDtoSchema>;

export const ZMessagePageSchema = z.object({ data: z.array(ZMessageDtoSchema), nextCursor: z.string().nullable() });
export type TMessagePage = z.infer<typeof ZMessagePageSchema>;

export const ZMessageListQuerySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TMessageListQuery = z.infer<typeof ZMessageListQuerySchema>;

export const ZMessageIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();

/**
 * Interactive messages (reference §2.3): reply buttons (1–3, titles ≤ 20 chars) or a list (≤ 10 rows
 * in total across sections, row titles ≤ 24, descriptions ≤ 72, button label ≤ 20).
 */
const ZInteractiveFrame = {
  header: z.string().trim().min(1).max(60).optional(),
  body: z.string().trim().min(1).max(1024),
  footer: z.string().trim().min(1).max(60).optional(),
};
export const ZSendInteractiveSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("list"),
      ...ZInteractiveFrame,
      button: z.string().trim().min(1).max(20),
      sections: z
        .array(
          z
            .object({
              title: z.string().trim().min(1).max(24).optional(),
              rows: z.array(z.object({ id: z.string().min(1).max(200), title: z.string().trim().min(1).max(24), description: z.string().trim().max(72).optional() }).strict()).min(1).max(10),
            })
            .strict(),
        )
        .min(1)
        .max(10)
        .refine((sections) => sections.reduce((n, s) => n + s.rows.length, 0) <= 10, "A list has at most 10 rows in total"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("buttons"),
      ...ZInteractiveFrame,
      buttons: z.array(z.object({ id: z.string().min(1).max(256), title: z.string().trim().min(1).max(20) }).strict()).min(1).max(3),
    })
    .strict(),
]);
export type TSendInteractive = z.infer<typeof ZSendInteractiveSchema>;

/** What an agent (or an API client) sends. Internal notes go through POST …/notes, never here. */
export const ZSendMessageSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("text"),
      text: z.string().trim().min(1).max(4096),
      replyToMessageId: z.string().min(1).max(64).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("media"),
      /** From POST /api/v1/media. */
      mediaId: z.string().min(1).max(64),
      mediaType: z.enum(MEDIA_TYPES),
      caption: z.string().max(1024).optional(),
      filename: z.string().max(240).optional(),
      replyToMessageId: z.string().min(1).max(64).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("template"),
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(15),
      parameters: z
        .object({
          body: z.array(z.string().min(1).max(1024)).max(100).optional(),
          header: z.array(z.string().min(1).max(1024)).max(10).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("reaction"),
      /** Our id of the message reacted to. */
      messageId: z.string().min(1).max(64),
      /** Empty string removes the reaction. */
      emoji: z.string().max(16),
    })
    .strict(),
  z
    .object({
      type: z.literal("interactive"),
      /** A reply-button or list message (the bot's slot offers); the user's tap comes back as an interactive reply. */
      interactive: ZSendInteractiveSchema,
    })
    .strict(),
  z
    .object({
      type: z.literal("location"),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().max(1000).optional(),
      address: z.string().max(1000).optional(),
    })
    .strict(),
]);
export type TSendMessage = z.infer<typeof ZSendMessageSchema>;
