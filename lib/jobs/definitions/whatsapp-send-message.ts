import { z } from "zod";
import { defineJob } from "../job-definition";

/** The outbox entry of one outbound message (lib/messages/deliver-message.ts). */
export const whatsappSendMessageJob = defineJob({
  name: "whatsapp.send_message",
  version: 1,
  payload: z.object({ messageId: z.string().min(1) }).strict(),
  maxAttempts: 5,
  handler: () => import("./whatsapp-send-message.handler"),
});
