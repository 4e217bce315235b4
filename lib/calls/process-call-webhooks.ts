import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { resolvePhoneNumber } from "@/lib/messages/resolve-phone-number";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import { applyPermissionReply } from "./apply-permission-reply";
import { handleCallWebhook } from "./handle-call-webhook";

/**
 * The calls domain's part of a stored WhatsApp delivery (run by the whatsapp.process_delivery job
 * before the messages part, which marks the delivery processed): `calls` events into the call
 * engine, and call permission replies into CallPermission. Every step is idempotent, so a retried
 * job re-runs it safely.
 */
export async function processCallWebhooks(o: { deliveryId: string; log: Logger }): Promise<{ calls: number; permissions: number }> {
  const db = await getDb();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: o.deliveryId }, select: { body: true, processedAt: true } });
  if (!delivery || delivery.processedAt) return { calls: 0, permissions: 0 };
  let events;
  try {
    events = parseWebhook(JSON.parse(delivery.body));
  } catch (err) {
    if (err instanceof SyntaxError || AppError.is(err, "INVALID_INPUT")) return { calls: 0, permissions: 0 }; // the messages part records the error
    throw err;
  }
  const counts = { calls: 0, permissions: 0 };
  for (const event of events) {
    const isCall = event.kind === "call" || event.kind === "call_status";
    const isReply = event.kind === "message" && event.message.content.kind === "interactive" && event.message.content.permission !== undefined;
    if (!isCall && !isReply) continue;
    const phone = await resolvePhoneNumber(event.phoneNumberId);
    if (!phone) continue;
    if (event.kind === "call" || event.kind === "call_status") {
      await handleCallWebhook({ phone, event, log: o.log });
      counts.calls++;
    } else if (event.kind === "message" && (await applyPermissionReply({ phone, event }))) counts.permissions++;
  }
  return counts;
}
