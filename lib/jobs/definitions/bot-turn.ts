import { z } from "zod";
import { defineJob } from "../job-definition";

/** One bot turn for one inbound message (idempotency key `bot.turn:<messageId>`). */
export const botTurnJob = defineJob({
  name: "bot.turn",
  version: 1,
  // conversationId (absent in jobs enqueued before it was added) lets the turn take its
  // conversation's lock before any await, so turns of one conversation start in claim order.
  payload: z.object({ messageId: z.string().min(1), conversationId: z.string().min(1).optional() }),
  maxAttempts: 4,
  handler: () => import("./bot-turn.handler"),
});
