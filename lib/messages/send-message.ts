import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { assertSendableMedia } from "@/lib/media-store/media-limits";
import { bodyParameterNames, headerParameterNames, renderTemplateBody } from "@/lib/templates/template-parameters";
import { assertCanSend } from "./assert-can-send";
import { applyReaction } from "./ingest-inbound-message";
import { messagePreview } from "./message-preview";
import type { TMessageDto, TSendMessage } from "./message.schema";
import { messageDtoById } from "./message-dtos";
import { pokeJobRunner } from "./poke-job-runner";
import { publishMessageCreated } from "./publish-message-events";

export interface SendMessageOptions {
  workspaceId: string;
  conversationId: string;
  senderUserId: string | null;
  input: TSendMessage;
  now?: Date;
}

/**
 * An agent's outbound message: checked (window, template, media), stored as `pending` and handed to
 * the `whatsapp.send_message` outbox job in the same transaction, so nothing is lost if the process
 * dies and nothing is sent twice (idempotency key = message id). Returns at once; the job and
 * then Meta's status webhooks move the status forward.
 */
export async function sendMessage(o: SendMessageOptions): Promise<TMessageDto> {
  const db = await getDb();
  const now = o.now ?? new Date();
  const input = o.input;
  const messageId = await db.$transaction(async (tx) => {
    const conv = await tx.conversation.findFirst({
      where: { id: o.conversationId, workspaceId: o.workspaceId },
      select: { id: true, contactId: true, windowExpiresAt: true, phoneNumberId: true, lastMessageAt: true, contact: { select: { optedOut: true } } },
    });
    if (!conv) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
    if (!conv.phoneNumberId) throw new AppError("INVALID_STATE", { userMessage: "This conversation has no WhatsApp number to send from." });
    assertCanSend(input.type, conv.windowExpiresAt, now);

    const data = await buildMessage(tx, o.workspaceId, conv.id, input);
    // Strictly after the thread's last message: the bot sends several messages with one turn's
    // clock, and the thread (ordered by createdAt) must show them in the order they were sent.
    const createdAt = conv.lastMessageAt && conv.lastMessageAt >= now ? new Date(conv.lastMessageAt.getTime() + 1) : now;
    const row = await tx.message.create({
      data: {
        workspaceId: o.workspaceId,
        conversationId: conv.id,
        contactId: conv.contactId,
        direction: "outbound",
        status: "pending",
        senderUserId: o.senderUserId,
        createdAt,
        ...data,
      },
      select: { id: true },
    });
    if (input.type === "reaction") {
      // Optimistic: the bubble shows the agent's reaction at once (one per side, "" removes it).
      const target = (data.content as { targetMetaId: string }).targetMetaId;
      await applyReaction(tx, o.workspaceId, target, input.emoji || null, "outbound", null);
    } else {
      await tx.conversation.update({
        where: { id: conv.id },
        data: { lastMessageAt: createdAt, lastMessageText: messagePreview(data.type, data.body ?? null, data.content as Record<string, unknown>) },
      });
    }
    await enqueueJob({ tx, name: "whatsapp.send_message", workspaceId: o.workspaceId, payload: { messageId: row.id }, idempotencyKey: `whatsapp.send_message:${row.id}` });
    return row.id;
  });
  pokeJobRunner();
  await publishMessageCreated(o.workspaceId, messageId, { conversation: input.type !== "reaction" });
  return messageDtoById(messageId);
}

type TBuilt = Pick<Prisma.MessageUncheckedCreateInput, "type" | "body" | "content" | "mediaFileId" | "mediaMime" | "replyToMetaId">;

async function buildMessage(tx: Prisma.TransactionClient, workspaceId: string, conversationId: string, input: TSendMessage): Promise<TBuilt> {
  const replyTarget = async (id: string | undefined) => {
    if (!id) return {};
    const target = await tx.message.findFirst({ where: { id, conversationId }, select: { id: true, metaId: true } });
    if (!target?.metaId) throw new AppError("INVALID_INPUT", { userMessage: "replyToMessageId: no such sent or received message in this conversation.", details: [{ field: "replyToMessageId", message: "Unknown message" }] });
    return { replyToMetaId: target.metaId, replyToMessageId: target.id };
  };
  switch (input.type) {
    case "text": {
      const r = await replyTarget(input.replyToMessageId);
      return { type: "text", body: input.text, content: { text: input.text, ...(r.replyToMessageId ? { replyToMessageId: r.replyToMessageId } : {}) }, replyToMetaId: r.replyToMetaId ?? null };
    }
    case "media": {
      const file = await tx.mediaFile.findFirst({ where: { id: input.mediaId, workspaceId }, select: { id: true, mime: true, size: true, filename: true } });
      if (!file) throw new AppError("INVALID_INPUT", { userMessage: "mediaId: upload the file with POST /api/v1/media first.", details: [{ field: "mediaId", message: "Unknown media" }] });
      assertSendableMedia(file.mime, file.size, input.mediaType);
      const r = await replyTarget(input.replyToMessageId);
      const filename = input.filename ?? file.filename ?? undefined;
      return {
        type: input.mediaType,
        body: input.caption ?? null,
        content: {
          ...(input.caption ? { caption: input.caption } : {}),
          ...(filename ? { filename } : {}),
          mimeType: file.mime,
          ...(r.replyToMessageId ? { replyToMessageId: r.replyToMessageId } : {}),
        },
        mediaFileId: file.id,
        mediaMime: file.mime,
        replyToMetaId: r.replyToMetaId ?? null,
      };
    }
    case "template": {
      const t = await tx.messageTemplate.findUnique({ where: { workspaceId_name_language: { workspaceId, name: input.name, language: input.language } } });
      if (!t) throw new AppError("INVALID_INPUT", { userMessage: `Template ${input.name} (${input.language}) is not known; sync templates first.`, details: [{ field: "name", message: "Unknown template" }] });
      if (t.status !== "APPROVED") throw new AppError("INVALID_STATE", { userMessage: `Template ${t.name} is ${t.status.toLowerCase()}, not approved.` });
      const components = Array.isArray(t.components) ? (t.components as unknown[]) : [];
      const body = input.parameters?.body ?? [];
      const header = input.parameters?.header ?? [];
      const need = { body: bodyParameterNames(components).length, header: headerParameterNames(components).length };
      if (body.length !== need.body || header.length !== need.header) {
        throw new AppError("INVALID_INPUT", {
          userMessage: `Template ${t.name} needs ${need.body} body and ${need.header} header value(s).`,
          details: [{ field: "parameters", message: `Expected ${need.body} body / ${need.header} header values` }],
        });
      }
      return {
        type: "template",
        body: renderTemplateBody(components, body),
        content: { name: t.name, language: t.language, parameterFormat: t.parameterFormat, parameters: { body, header } },
      };
    }
    case "reaction": {
      const target = await tx.message.findFirst({ where: { id: input.messageId, conversationId }, select: { metaId: true, type: true } });
      if (!target?.metaId || target.type === "reaction" || target.type === "note") {
        throw new AppError("INVALID_INPUT", { userMessage: "messageId: react to a sent or received message of this conversation.", details: [{ field: "messageId", message: "Unknown message" }] });
      }
      return { type: "reaction", body: input.emoji || null, content: { emoji: input.emoji, targetMessageId: input.messageId, targetMetaId: target.metaId } };
    }
    case "interactive":
      return { type: "interactive", body: input.interactive.body, content: { interactive: input.interactive } };
    case "location":
      return {
        type: "location",
        body: input.name ?? input.address ?? null,
        content: { latitude: input.latitude, longitude: input.longitude, ...(input.name ? { name: input.name } : {}), ...(input.address ? { address: input.address } : {}) },
      };
  }
}
