import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import { applyMessageStatus } from "./apply-message-status";
import { ingestInboundMessage } from "./ingest-inbound-message";
import { publishMessageCreated, publishStatusChanged } from "./publish-message-events";
import { resolvePhoneNumber } from "./resolve-phone-number";

export interface ProcessWebhookDeliveryOptions {
  deliveryId: string;
  attempt: number;
  maxAttempts: number;
  now: Date;
  log: Logger;
}

/**
 * How long a status for a wamid we do not know yet is retried: the send job stores the wamid only
 * after Graph answers, and Meta's `sent` webhook can overtake that answer.
 */
const UNKNOWN_WAMID_GRACE_MS = 2 * 60_000;

/**
 * The job behind every stored WhatsApp delivery: parse, resolve the channel by phone_number_id,
 * apply each event idempotently (wamid dedupe for messages, monotonic statuses), publish after
 * each event's commit, then mark the delivery processed. Safe to re-run from the start.
 * Call events (`field: calls`) are left to the calls domain.
 */
export async function processWebhookDelivery(o: ProcessWebhookDeliveryOptions): Promise<Record<string, number | boolean>> {
  const db = await getDb();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: o.deliveryId } });
  if (!delivery) return { missing: true };
  if (delivery.processedAt) return { alreadyProcessed: true };

  let json: unknown;
  try {
    json = JSON.parse(delivery.body);
  } catch {
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { processedAt: o.now, error: "Malformed JSON" } });
    return { malformed: true };
  }
  let events;
  try {
    events = parseWebhook(json);
  } catch (err) {
    if (!AppError.is(err, "INVALID_INPUT")) throw err;
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { processedAt: o.now, error: err.message } });
    return { invalid: true };
  }

  const phones = new Map<string, PhoneNumber | null>();
  const phoneFor = async (id: string) => {
    if (!phones.has(id)) phones.set(id, await resolvePhoneNumber(id));
    return phones.get(id)!;
  };
  const finalAttempt = o.attempt >= o.maxAttempts;
  const counts = { messages: 0, duplicates: 0, statuses: 0, ignored: 0, skipped: 0 };
  let waitForWamid = false;
  let workspaceId: string | null = null;

  for (const event of events) {
    if (event.kind !== "message" && event.kind !== "status") {
      if (event.kind === "unknown" || event.kind === "error") o.log.info({ kind: event.kind, field: event.field }, "webhook event not handled here");
      counts.skipped++;
      continue;
    }
    const phone = await phoneFor(event.phoneNumberId);
    if (!phone) {
      o.log.warn({ phoneNumberId: event.phoneNumberId }, "webhook for a phone number no workspace owns; skipped");
      counts.skipped++;
      continue;
    }
    workspaceId ??= phone.workspaceId;
    if (event.kind === "message") {
      const r = await ingestInboundMessage({ phone, event, finalAttempt, receivedAt: delivery.receivedAt, log: o.log });
      if (r.duplicate) counts.duplicates++;
      else {
        counts.messages++;
        await publishMessageCreated(phone.workspaceId, r.messageId!);
      }
    } else {
      const r = await applyMessageStatus(phone, event);
      if (r.outcome === "applied") {
        counts.statuses++;
        await publishStatusChanged(phone.workspaceId, { messageId: r.messageId, conversationId: r.conversationId, status: r.status, error: r.error });
      } else if (r.outcome === "unknown_message" && o.now.getTime() - delivery.receivedAt.getTime() < UNKNOWN_WAMID_GRACE_MS && !finalAttempt) {
        waitForWamid = true;
      } else counts.ignored++;
    }
  }
  if (waitForWamid) throw new Error("Status for a wamid not stored yet (send still in flight?); retrying");
  await db.webhookDelivery.update({ where: { id: delivery.id }, data: { processedAt: o.now, workspaceId, error: null } });
  return counts;
}
