import "server-only";
import type { PhoneNumber, Prisma } from "@prisma/client";
import { upsertContact } from "@/lib/contacts/upsert-contact";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { saveMediaFile } from "@/lib/media-store/save-media-file";
import { assignAutomatically } from "@/lib/routing/assign-automatically";
import { extendWindow } from "@/lib/whatsapp/window";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";
import { messagePreview } from "./message-preview";
import { providerForNumber } from "./provider-for-number";

type TMessageEvent = Extract<TWebhookEvent, { kind: "message" }>;

export interface IngestInboundMessageOptions {
  phone: PhoneNumber;
  event: TMessageEvent;
  /** Last attempt of the job: store the message even if its media cannot be downloaded. */
  finalAttempt: boolean;
  log: Logger;
}

export interface IngestResult {
  duplicate: boolean;
  messageId?: string;
  conversationId?: string;
  conversationCreated?: boolean;
}

/**
 * One inbound message → contact, the one open conversation, the message (processed once per
 * wamid), the 24-hour window, unread count and list preview. Media is downloaded at once — Meta's
 * URLs expire after 5 minutes and webhook media ids after 7 days (reference §4.2) — before the
 * transaction, so no Graph call holds the contact lock.
 */
export async function ingestInboundMessage(o: IngestInboundMessageOptions): Promise<IngestResult> {
  const db = await getDb();
  const m = o.event.message;
  const workspaceId = o.phone.workspaceId;
  if (await db.message.findUnique({ where: { metaId: m.metaId }, select: { id: true } })) return { duplicate: true };

  const content: Record<string, unknown> = { ...(m.content as unknown as Record<string, unknown>) };
  delete content.url; // Meta's short-lived download URL: useless later, and it carries a token-like hash
  let mediaFileId: string | null = null;
  if (m.content.kind === "media") {
    try {
      const media = await providerForNumber(o.phone).fetchMedia(m.content.mediaId);
      const file = await saveMediaFile({
        workspaceId,
        bytes: media.bytes,
        mime: m.content.mimeType ?? media.mimeType,
        filename: m.content.filename ?? null,
        origin: "inbound",
        metaMediaId: m.content.mediaId,
      });
      mediaFileId = file.id;
    } catch (err) {
      if (!o.finalAttempt) throw err;
      o.log.error({ err, metaId: m.metaId }, "inbound media download failed on the last attempt; storing the message without it");
      content.mediaError = err instanceof Error ? err.message : String(err);
    }
  }

  return db.$transaction(async (tx) => {
    const contact = await upsertContact(tx, workspaceId, o.event.contact);
    if (!contact) throw new Error(`Inbound message ${m.metaId} names no wa_id or user id`);
    // Under the contact lock: a concurrent delivery of the same wamid has committed or waits.
    if (await tx.message.findUnique({ where: { metaId: m.metaId }, select: { id: true } })) return { duplicate: true };

    let conversation = await tx.conversation.findFirst({
      where: { contactId: contact.id, phoneNumberId: o.phone.id, status: { not: "resolved" } },
      select: { id: true, windowExpiresAt: true, lastMessageAt: true, assigneeId: true },
    });
    let conversationCreated = false;
    if (!conversation) {
      const assigneeId = await assignAutomatically(tx, workspaceId);
      conversation = await tx.conversation.create({
        data: { workspaceId, contactId: contact.id, phoneNumberId: o.phone.id, assigneeId, lastMessageAt: m.timestamp },
        select: { id: true, windowExpiresAt: true, lastMessageAt: true, assigneeId: true },
      });
      conversationCreated = true;
    }

    const isReaction = m.content.kind === "reaction";
    const row = await tx.message.create({
      data: {
        workspaceId,
        conversationId: conversation.id,
        contactId: contact.id,
        direction: "inbound",
        type: m.type,
        body: m.body ?? null,
        content: content as Prisma.InputJsonValue,
        mediaId: m.content.kind === "media" ? m.content.mediaId : null,
        mediaMime: m.content.kind === "media" ? (m.content.mimeType ?? null) : null,
        mediaFileId,
        metaId: m.metaId,
        replyToMetaId: m.replyToMetaId ?? null,
        status: "received",
        statusAt: m.timestamp,
        raw: m.type === "unsupported" ? (m.raw as Prisma.InputJsonValue) : undefined,
        createdAt: m.timestamp,
      },
      select: { id: true },
    });

    if (m.content.kind === "reaction") await applyReaction(tx, workspaceId, m.content.targetMetaId, m.content.emoji, "inbound", m.metaId);

    // A user message opens/refreshes the window (§3.1); out-of-order webhooks never shorten it.
    const newer = m.timestamp.getTime() >= conversation.lastMessageAt.getTime();
    await tx.conversation.update({
      where: { id: conversation.id },
      data: {
        windowExpiresAt: extendWindow(conversation.windowExpiresAt, m.timestamp),
        ...(isReaction ? {} : { unreadCount: { increment: 1 } }),
        ...(newer && !isReaction ? { lastMessageAt: m.timestamp, lastMessageText: messagePreview(m.type, m.body, content) } : {}),
      },
    });
    return { duplicate: false, messageId: row.id, conversationId: conversation.id, conversationCreated };
  });
}

/**
 * WhatsApp keeps one reaction per side per message: a new emoji replaces the old one, an empty
 * one (the user removed it) deletes it. Unknown targets (older than our history) are ignored.
 */
export async function applyReaction(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  targetMetaId: string,
  emoji: string | null,
  direction: "inbound" | "outbound",
  metaId: string | null,
): Promise<string | null> {
  const target = await tx.message.findFirst({ where: { workspaceId, metaId: targetMetaId }, select: { id: true, reactions: true } });
  if (!target) return null;
  const current = Array.isArray(target.reactions) ? (target.reactions as { direction?: string }[]) : [];
  const next = current.filter((r) => r.direction !== direction);
  if (emoji) next.push({ emoji, direction, metaId, at: new Date().toISOString() } as { direction: string });
  await tx.message.update({ where: { id: target.id }, data: { reactions: next as Prisma.InputJsonValue } });
  return target.id;
}
