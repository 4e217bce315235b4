import "server-only";
import { processCallWebhooks } from "@/lib/calls/process-call-webhooks";
import { processWebhookDelivery } from "@/lib/messages/process-webhook-delivery";
import type { JobHandler } from "../job-definition";
import { whatsappProcessDeliveryJob } from "./whatsapp-process-delivery";

const handler: JobHandler<{ deliveryId: string }> = async (payload, ctx) => {
  // Calls first: the messages part marks the delivery processed when it finishes.
  const calls = await processCallWebhooks({ deliveryId: payload.deliveryId, log: ctx.log });
  const messages = await processWebhookDelivery({ deliveryId: payload.deliveryId, attempt: ctx.attempt, maxAttempts: whatsappProcessDeliveryJob.maxAttempts ?? 8, now: ctx.now, log: ctx.log });
  return { ...messages, ...calls };
};

export default handler;
