import { z } from "zod";
import { defineJob } from "../job-definition";

/** Processes one stored WhatsApp webhook delivery (lib/messages/process-webhook-delivery.ts). */
export const whatsappProcessDeliveryJob = defineJob({
  name: "whatsapp.process_delivery",
  version: 1,
  payload: z.object({ deliveryId: z.string().min(1) }).strict(),
  maxAttempts: 6,
  handler: () => import("./whatsapp-process-delivery.handler"),
});
