import { z } from "zod";
import { defineControl } from "./control-handler";

/** `POST /control/worker-stats` — getrusage() of every live mediasoup worker (CPU times in ms, memory in KB). */
export const workerStats = defineControl({
  schema: z.strictObject({}),
  async handle(_body, ctx) {
    return { ok: true, workers: await ctx.pool.resourceUsage() };
  },
});
