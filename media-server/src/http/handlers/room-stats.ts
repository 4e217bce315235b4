import { defineControl } from "../control/control-handler";
import { ZCallOnlySchema } from "./call-id.schema";

/**
 * `POST /control/calls/stats { callId }` — live media figures for the network-quality indicator and
 * the supervisor wall: packets, bytes, loss, jitter (ms), RTT and audio level (dBov) per direction
 * of the customer leg, and per agent producer.
 */
export const roomStats = defineControl({
  schema: ZCallOnlySchema,
  async handle({ callId }, ctx) {
    return ctx.rooms.require(callId).stats();
  },
});
