import { defineControl } from "../control/control-handler";
import { ZCallOnlySchema } from "./call-id.schema";

/** `POST /control/calls/hold { callId }` — the customer hears the hold tone; agents stop hearing the customer. Idempotent. */
export const holdCall = defineControl({
  schema: ZCallOnlySchema,
  async handle({ callId }, ctx) {
    await ctx.rooms.require(callId).setHeld(true);
    return { ok: true, held: true };
  },
});
