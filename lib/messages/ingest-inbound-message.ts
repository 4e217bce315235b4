import "server-only";
import { randomUUID } from "node:crypto";
import type { MediaFile, PhoneNumber, Prisma } from "@prisma/client";
import { upsertContact } from "@/lib/contacts/upsert-contact";
import { enqueueLeadMatch } from "@/lib/crm/enqueue-crm-sync";
import type { TConversationRow } from "@/lib/conversations/conversation.mapper";
import { toConversationDto } from "@/lib/conversations/conversation.mapper";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { parseBotSettings } from "@/lib/bot/settings.schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { saveMediaFile } from "@/lib/media-store/save-media-file";
import { assignAutomatically } from "@/lib/routing/assign-automatically";
import { windowExpiresAt } from "@/lib/whatsapp/window";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";
import { toMessageDto, type TMessageRow } from "./message.mapper";
import { messagePreview } from "./message-preview";
import { messageTime } from "./message-time";
import { pokeJobRunner } from "./poke-job-runner";
import { providerForNumber } from "./provider-for-number";
import { rememberFreshMessage } from "./publish-message-events";

type TMessageEvent = Extract<TWebhookEvent, { kind: "message" }>;

export interface IngestInboundMessageOptions {
  phone: PhoneNumber;
  event: TMessageEvent;
  /** Last attempt of the job: store the message even if its media cannot be downloaded. */
  finalAttempt: boolean;
  /** When the webhook delivery carrying it was received (orders messages within Meta's one-second timestamps). */
  receivedAt: Date;
  log: Logger;
}

export interface IngestResult {
  duplicate: boolean;
  messageId?: string;
  conversationId?: string;
  conversationCreated?: boolean;
}

/** Prisma keeps DateTime as UTC in `timestamp(3)` (no zone): convert explicitly, whatever the session TimeZone. */
const UTC = (p: string) => `(${p}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * The hot statement of inbound processing, one round trip: find the contact's open conversation on
 * this number, insert the message unless its wamid is known (`ON CONFLICT DO NOTHING` — the dedupe),
 * and only then move the conversation (window never shortened, unread +1, preview only for a newer
 * message), returning what the realtime events need so nothing just written is read again.
 * `conversations = 0` → no open conversation yet (the caller creates one and runs it again).
 */
const INGEST_SQL = `
WITH conv AS (
  SELECT "id" FROM "Conversation"
  WHERE "contactId" = $1 AND "phoneNumberId" = $2 AND "status" <> 'resolved'
  ORDER BY "createdAt" ASC LIMIT 1
), ins AS (
  INSERT INTO "Message" ("id", "workspaceId", "conversationId", "contactId", "direction", "type", "body", "content",
    "mediaId", "mediaMime", "mediaFileId", "metaId", "replyToMetaId", "status", "statusAt", "raw", "createdAt", "receivedAt")
  SELECT $3, $4, conv."id", $1, 'inbound'::"Direction", $5, $6, $7::jsonb, $8, $9, $10, $11, $12, 'received'::"MessageStatus",
    ${UTC("$13")}, $14::jsonb, ${UTC("$13")}, ${UTC("$18")}
  FROM conv
  ON CONFLICT ("metaId") DO NOTHING
  RETURNING "id", "conversationId"
), upd AS (
  UPDATE "Conversation" c SET
    "windowExpiresAt" = GREATEST(c."windowExpiresAt", ${UTC("$15")}),
    "unreadCount" = c."unreadCount" + CASE WHEN $16::boolean THEN 0 ELSE 1 END,
    "lastMessageAt" = CASE WHEN NOT $16::boolean AND ${UTC("$13")} >= c."lastMessageAt" THEN ${UTC("$13")} ELSE c."lastMessageAt" END,
    "lastMessageText" = CASE WHEN NOT $16::boolean AND ${UTC("$13")} >= c."lastMessageAt" THEN $17 ELSE c."lastMessageText" END,
    "updatedAt" = (now() AT TIME ZONE 'UTC')
  FROM ins WHERE c."id" = ins."conversationId"
  RETURNING c."id", c."status", c."assigneeId", c."unreadCount", c."labels", c."lastMessageAt", c."lastMessageText",
    c."windowExpiresAt", c."botState", c."createdAt", c."contactId"
)
SELECT k."conversations", upd.*, u."name" AS "assigneeName",
  ct."waId" AS "contactWaId", ct."phone" AS "contactPhone", ct."name" AS "contactName", ct."username" AS "contactUsername",
  ct."language" AS "contactLanguage",
  (SELECT r."id" FROM "Message" r WHERE r."workspaceId" = $4 AND r."metaId" = $12 LIMIT 1) AS "replyToId"
FROM (SELECT count(*)::int AS "conversations" FROM conv) k
LEFT JOIN upd ON true
LEFT JOIN "User" u ON u."id" = upd."assigneeId"
LEFT JOIN "Contact" ct ON ct."id" = upd."contactId"`;

interface IngestRow {
  conversations: number;
  id: string | null;
  status: TConversationRow["status"];
  assigneeId: string | null;
  unreadCount: number;
  labels: string[];
  lastMessageAt: Date;
  lastMessageText: string | null;
  windowExpiresAt: Date | null;
  botState: TConversationRow["botState"];
  createdAt: Date;
  contactId: string;
  assigneeName: string | null;
  contactWaId: string;
  contactPhone: string | null;
  contactName: string | null;
  contactUsername: string | null;
  contactLanguage: string | null;
  replyToId: string | null;
}

/**
 * One inbound message → contact, the one open conversation, the message (processed once per
 * wamid), the 24-hour window, unread count and list preview. Media is downloaded at once — Meta's
 * URLs expire after 5 minutes and webhook media ids after 7 days (reference §4.2) — before the
 * transaction, so no Graph call holds the contact lock.
 *
 * Cost (it is the per-message hot path, issue 3 "Measure"): one transaction of two statements —
 * the contact upsert (whose row lock serialises a customer's deliveries) and INGEST_SQL. The DTOs
 * for `message.created` / `conversation.updated` are built from what those statements returned and
 * handed to publishMessageCreated(), which then reads nothing.
 */
export async function ingestInboundMessage(o: IngestInboundMessageOptions): Promise<IngestResult> {
  const db = await getDb();
  const m = o.event.message;
  const workspaceId = o.phone.workspaceId;

  const content: Record<string, unknown> = { ...(m.content as unknown as Record<string, unknown>) };
  delete content.url; // Meta's short-lived download URL: useless later, and it carries a token-like hash
  let mediaFile: MediaFile | null = null;
  if (m.content.kind === "media") {
    // Only media needs the early duplicate check: it avoids downloading a known message's file again.
    const known = await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "Message" WHERE "metaId" = $1`, m.metaId);
    if (known.length > 0) return { duplicate: true };
    try {
      const media = await providerForNumber(o.phone).fetchMedia(m.content.mediaId);
      mediaFile = await saveMediaFile({
        workspaceId,
        bytes: media.bytes,
        mime: m.content.mimeType ?? media.mimeType,
        filename: m.content.filename ?? null,
        origin: "inbound",
        metaMediaId: m.content.mediaId,
      });
    } catch (err) {
      if (!o.finalAttempt) throw err;
      o.log.error({ err, metaId: m.metaId }, "inbound media download failed on the last attempt; storing the message without it");
      content.mediaError = err instanceof Error ? err.message : String(err);
    }
  }

  const at = messageTime(m.timestamp, o.receivedAt);
  const isReaction = m.content.kind === "reaction";
  const messageId = randomUUID();
  const raw = m.type === "unsupported" ? (m.raw as Prisma.InputJsonValue) : null;
  const preview = messagePreview(m.type, m.body, content);
  const params = (contactId: string) => [
    contactId,
    o.phone.id,
    messageId,
    workspaceId,
    m.type,
    m.body ?? null,
    JSON.stringify(content),
    m.content.kind === "media" ? m.content.mediaId : null,
    m.content.kind === "media" ? (m.content.mimeType ?? null) : null,
    mediaFile?.id ?? null,
    m.metaId,
    m.replyToMetaId ?? null,
    at.toISOString(),
    raw === null ? null : JSON.stringify(raw),
    // A user message opens/refreshes the window (§3.1); GREATEST never shortens it.
    windowExpiresAt(m.timestamp).toISOString(),
    isReaction,
    preview,
    o.receivedAt.toISOString(),
  ];

  const result = await db.$transaction(async (tx) => {
    const contact = await upsertContact(tx, workspaceId, o.event.contact);
    if (!contact) throw new Error(`Inbound message ${m.metaId} names no wa_id or user id`);
    let [row] = await tx.$queryRawUnsafe<IngestRow[]>(INGEST_SQL, ...params(contact.id));
    let conversationCreated = false;
    if (row.conversations === 0) {
      // No open conversation: unless this wamid is already stored (a redelivery after the
      // conversation was resolved), open one — assigned automatically — and insert again.
      const known = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "Message" WHERE "metaId" = $1`, m.metaId);
      if (known.length > 0) return { duplicate: true } as const;
      const assigneeId = await assignAutomatically(tx, workspaceId);
      await tx.conversation.create({
        data: { workspaceId, contactId: contact.id, phoneNumberId: o.phone.id, assigneeId, lastMessageAt: at },
        select: { id: true },
      });
      conversationCreated = true;
      [row] = await tx.$queryRawUnsafe<IngestRow[]>(INGEST_SQL, ...params(contact.id));
    }
    // Under the contact lock a concurrent delivery of the same wamid has committed: nothing inserted.
    if (!row.id) return { duplicate: true } as const;
    // A new WhatsApp contact → find or create its CRM Lead (outbox job in this transaction, one per contact).
    const crmPhone = o.event.contact.phone ?? o.event.contact.waId;
    if (contact.created && crmPhone) {
      const owner = await tx.conversation.findFirst({ where: { contactId: contact.id, status: { not: "resolved" } }, select: { assigneeId: true } });
      await enqueueLeadMatch({ tx, workspaceId, contactId: contact.id, phone: crmPhone, name: o.event.contact.name, ownerUserId: owner?.assigneeId });
    }
    if (m.content.kind === "reaction") await applyReaction(tx, workspaceId, m.content.targetMetaId, m.content.emoji, "inbound", m.metaId);
    // The bot answers text and taps on what it sent (issue 5); bot.turn re-checks state, opt-out and settings.
    if (o.phone.botEnabled && (m.content.kind === "text" || m.content.kind === "interactive" || m.content.kind === "button") && (await botEnabledFor(tx, workspaceId))) {
      await enqueueJob({ tx, name: "bot.turn", workspaceId, payload: { messageId, conversationId: row.id! }, idempotencyKey: `bot.turn:${messageId}` });
    }
    return { duplicate: false, row, conversationCreated } as const;
  });
  if (result.duplicate) return { duplicate: true };
  // Jobs enqueued in the transaction (bot turn, CRM lead match) are visible now: wake the runner.
  pokeJobRunner();

  const { row, conversationCreated } = result;
  const conversationId = row.id!;
  const messageRow: TMessageRow = {
    id: messageId,
    workspaceId,
    conversationId,
    contactId: row.contactId,
    direction: "inbound",
    type: m.type,
    body: m.body ?? null,
    content: content as Prisma.JsonValue,
    mediaId: m.content.kind === "media" ? m.content.mediaId : null,
    mediaPath: null,
    mediaMime: m.content.kind === "media" ? (m.content.mimeType ?? null) : null,
    metaId: m.metaId,
    replyToMetaId: m.replyToMetaId ?? null,
    status: "received",
    statusAt: at,
    errorCode: null,
    errorTitle: null,
    errorMessage: null,
    senderUserId: null,
    raw: raw as Prisma.JsonValue,
    reactions: [],
    mediaFileId: mediaFile?.id ?? null,
    createdAt: at,
    receivedAt: o.receivedAt,
    mediaFile: mediaFile ? { id: mediaFile.id, mime: mediaFile.mime, filename: mediaFile.filename, size: mediaFile.size } : null,
  };
  const conversationRow = {
    id: conversationId,
    status: row.status,
    assigneeId: row.assigneeId,
    unreadCount: row.unreadCount,
    labels: row.labels,
    lastMessageAt: row.lastMessageAt,
    lastMessageText: row.lastMessageText,
    windowExpiresAt: row.windowExpiresAt,
    botState: row.botState,
    createdAt: row.createdAt,
    contact: { id: row.contactId, waId: row.contactWaId, phone: row.contactPhone, name: row.contactName, username: row.contactUsername, language: row.contactLanguage },
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? "Unknown" } : null,
  } as TConversationRow; // the columns toConversationDto reads (INGEST_SQL returns exactly those)
  rememberFreshMessage(workspaceId, {
    message: toMessageDto(messageRow, { idByMetaId: new Map(row.replyToId && m.replyToMetaId ? [[m.replyToMetaId, row.replyToId]] : []), userNames: new Map() }),
    conversation: toConversationDto(conversationRow),
  });
  return { duplicate: false, messageId, conversationId, conversationCreated };
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

/** Whether the workspace has its bot switched on (Workspace.settings.bot.enabled). */
async function botEnabledFor(tx: Prisma.TransactionClient, workspaceId: string): Promise<boolean> {
  const ws = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
  return parseBotSettings(ws?.settings).enabled;
}

