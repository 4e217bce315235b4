import "server-only";
import { runBotTurn } from "@/lib/bot/run-bot-turn";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ messageId: string }> = (payload, ctx) =>
  runBotTurn({ messageId: payload.messageId, now: ctx.now, log: ctx.log });

export default handler;
