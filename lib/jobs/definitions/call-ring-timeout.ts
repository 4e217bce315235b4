import { z } from "zod";
import { defineJob } from "../job-definition";

/** A ring timer of a call ran out (lib/routing/schedule-ring-timeout.ts). */
export const callRingTimeoutJob = defineJob({
  name: "call.ring_timeout",
  version: 1,
  payload: z.object({ callId: z.string().min(1), kind: z.enum(["abandon", "escalate", "transfer"]), seq: z.number().int().min(0) }).strict(),
  maxAttempts: 5,
  handler: () => import("./call-ring-timeout.handler"),
});
