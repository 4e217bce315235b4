import { z } from "zod";
import { defineJob } from "../job-definition";

/** Marks an inbound message read on WhatsApp when an agent opens the conversation. */
export const whatsappMarkReadJob = defineJob({
  name: "whatsapp.mark_read",
  version: 1,
  payload: z.object({ messageId: z.string().min(1) }).strict(),
  maxAttempts: 4,
  handler: () => import("./whatsapp-mark-read.handler"),
});
