import "server-only";
import { processWebhookDelivery } from "@/lib/messages/process-webhook-delivery";
import type { JobHandler } from "../job-definition";
import { whatsappProcessDeliveryJob } from "./whatsapp-process-delivery";

const handler: JobHandler<{ deliveryId: string }> = (payload, ctx) =>
  processWebhookDelivery({ deliveryId: payload.deliveryId, attempt: ctx.attempt, maxAttempts: whatsappProcessDeliveryJob.maxAttempts ?? 8, now: ctx.now, log: ctx.log });

export default handler;
