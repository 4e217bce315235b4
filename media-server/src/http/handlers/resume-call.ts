import { defineControl } from "../control/control-handler";
import { ZCallOnlySchema } from "./call-id.schema";

/** `POST /control/calls/resume { callId }` — back to the agent's voice both ways. Idempotent. */
export const resumeCall = defineControl({
  schema: ZCallOnlySchema,
  async handle({ callId }, ctx) {
    await ctx.rooms.require(callId).setHeld(false);
    return { ok: true, held: false };
  },
});
