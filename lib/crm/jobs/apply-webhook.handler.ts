import "server-only";
import { getDb } from "@/lib/core/db";
import type { JobHandler } from "@/lib/jobs/job-definition";
import { applyLeadWebhook } from "../apply-lead-webhook";
import { ZFrappeLeadWebhookSchema } from "../frappe-lead-webhook.schema";
import type { TCrmApplyWebhookJob } from "./apply-webhook";

/**
 * Parses the stored raw body and applies it. A body that is not a lead change we understand is
 * marked processed with the reason and not retried (a retry cannot change the bytes).
 */
const handler: JobHandler<TCrmApplyWebhookJob> = async (payload, ctx) => {
  const db = await getDb();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: payload.deliveryId } });
  if (!delivery || delivery.processedAt) return { skipped: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(delivery.body);
  } catch {
    parsed = undefined;
  }
  const lead = ZFrappeLeadWebhookSchema.safeParse(parsed);
  if (!lead.success) {
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { processedAt: ctx.now, error: "Not a CRM Lead change this app understands" } });
    ctx.log.warn({ deliveryId: delivery.id }, "Frappe webhook body ignored");
    return { ignored: true };
  }
  const result = await applyLeadWebhook({ lead: lead.data, log: ctx.log });
  await db.webhookDelivery.update({ where: { id: delivery.id }, data: { processedAt: ctx.now, error: null } });
  return result;
};

export default handler;
