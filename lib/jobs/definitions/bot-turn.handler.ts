import "server-only";
import { runBotTurn } from "@/lib/bot/run-bot-turn";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ messageId: string; conversationId?: string }> = (payload, ctx) =>
  runBotTurn({ messageId: payload.messageId, conversationId: payload.conversationId, now: ctx.now, log: ctx.log });

export default handler;
