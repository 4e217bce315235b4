import "server-only";
import { deliverMessage } from "@/lib/messages/deliver-message";
import type { JobHandler } from "../job-definition";
import { whatsappSendMessageJob } from "./whatsapp-send-message";

const handler: JobHandler<{ messageId: string }> = (payload, ctx) =>
  deliverMessage({ messageId: payload.messageId, attempt: ctx.attempt, maxAttempts: whatsappSendMessageJob.maxAttempts ?? 8, log: ctx.log });

export default handler;
