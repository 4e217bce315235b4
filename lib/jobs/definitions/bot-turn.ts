import { z } from "zod";
import { defineJob } from "../job-definition";

/** One bot turn for one inbound message (idempotency key `bot.turn:<messageId>`). */
export const botTurnJob = defineJob({
  name: "bot.turn",
  version: 1,
  payload: z.object({ messageId: z.string().min(1) }),
  maxAttempts: 4,
  handler: () => import("./bot-turn.handler"),
});
