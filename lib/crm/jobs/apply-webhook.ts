import { z } from "zod";
import { defineJob } from "@/lib/jobs/job-definition";

export const ZCrmApplyWebhookJobSchema = z.object({ deliveryId: z.string().min(1).max(64) }).strict();
export type TCrmApplyWebhookJob = z.infer<typeof ZCrmApplyWebhookJobSchema>;

/** A stored Frappe webhook delivery (WebhookDelivery, source "frappe") → applied to linked contacts. */
export const crmApplyWebhookJob = defineJob({
  name: "crm.apply_webhook",
  version: 1,
  payload: ZCrmApplyWebhookJobSchema,
  maxAttempts: 8,
  handler: () => import("./apply-webhook.handler"),
});

export function crmApplyWebhookKey(deliveryId: string): string {
  return `crm.apply_webhook:${deliveryId}`;
}
