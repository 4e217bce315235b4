import "server-only";
import type { MessageStatus, PhoneNumber } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { isMessageStatus, nextStatus, type TMessageStatus } from "@/lib/whatsapp/message-status";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";

type TStatusEvent = Extract<TWebhookEvent, { kind: "status" }>;

export type ApplyStatusResult =
  | { outcome: "unknown_message" }
  | { outcome: "ignored"; messageId: string }
  | {
      outcome: "applied";
      messageId: string;
      conversationId: string;
      status: MessageStatus;
      error: { code: number | null; title: string | null; message: string | null } | null;
    };

/**
 * A status webhook for one of our outbound messages. Meta gives no ordering or exactly-once
 * guarantee (§1.4), so the new status goes through nextStatus(): never backwards, `failed` only
 * before delivery, duplicates ignored. The write is a compare-and-set on the status we read, so two
 * deliveries racing on the same message cannot overwrite each other's later status.
 * `played` (voice note listened to) is stored as `read`, which it implies.
 */
export async function applyMessageStatus(phone: PhoneNumber, event: TStatusEvent): Promise<ApplyStatusResult> {
  const db = await getDb();
  const incomingRaw = event.status === "played" ? "read" : event.status;
  if (!isMessageStatus(incomingRaw)) return { outcome: "unknown_message" };
  const incoming = incomingRaw as TMessageStatus;
  for (let i = 0; i < 3; i++) {
    // Raw SQL on this hot path (one status webhook per sent, delivered and read of every outbound
    // message): two cheap statements instead of two compiled ORM queries.
    const [msg] = await db.$queryRawUnsafe<{ id: string; status: string; conversationId: string }[]>(
      `SELECT "id", "status"::text AS "status", "conversationId" FROM "Message"
       WHERE "metaId" = $1 AND "workspaceId" = $2 AND "direction" = 'outbound' LIMIT 1`,
      event.metaId,
      phone.workspaceId,
    );
    if (!msg) return { outcome: "unknown_message" };
    if (!isMessageStatus(msg.status)) return { outcome: "ignored", messageId: msg.id };
    const next = nextStatus(msg.status, incoming);
    if (!next || next === "played") return { outcome: "ignored", messageId: msg.id };
    const err = next === "failed" ? event.error : undefined;
    const error = err
      ? { code: err.code, title: err.title ?? null, message: err.details ?? err.message ?? null }
      : next === "failed"
        ? { code: null, title: "Failed", message: null }
        : null;
    // Compare-and-set on the status read above; error columns only change when there is an error.
    const count = await db.$executeRawUnsafe(
      `UPDATE "Message" SET "status" = $3::"MessageStatus", "statusAt" = ($4::timestamptz AT TIME ZONE 'UTC'),
         "errorCode" = CASE WHEN $5::boolean THEN $6::int ELSE "errorCode" END,
         "errorTitle" = CASE WHEN $5::boolean THEN $7 ELSE "errorTitle" END,
         "errorMessage" = CASE WHEN $5::boolean THEN $8 ELSE "errorMessage" END
       WHERE "id" = $1 AND "status" = $2::"MessageStatus"`,
      msg.id,
      msg.status,
      next,
      event.timestamp.toISOString(),
      error !== null,
      error?.code ?? null,
      error?.title ?? null,
      error?.message ?? null,
    );
    if (count === 1) return { outcome: "applied", messageId: msg.id, conversationId: msg.conversationId, status: next as MessageStatus, error };
  }
  return { outcome: "unknown_message" };
}
