import { AppError } from "../../../../lib/core/app-error";
import { defineControl } from "../control/control-handler";
import { ZCallOnlySchema } from "./call-id.schema";

/**
 * `POST /control/calls/outbound { callId } → { offerSdp }` — a business-initiated call: the gateway
 * makes the offer web puts in Graph `connect` (`setup:actpass`, gathered, no trickle). Meta's answer
 * arrives later in the `connect` webhook → `/control/calls/answer`. Idempotent per call id.
 */
export const createOutboundLeg = defineControl({
  schema: ZCallOnlySchema,
  async handle({ callId }, ctx) {
    const room = await ctx.rooms.getOrCreate(callId);
    const existing = room.customer;
    if (existing) {
      if (existing.direction === "outbound" && existing.localSdp) return { offerSdp: existing.localSdp, legId: existing.id };
      throw new AppError("CONFLICT", { userMessage: "This call already has a WhatsApp leg." });
    }
    room.hold();
    try {
      const leg = room.newCustomerLeg();
      const offerSdp = await leg.offer();
      return { offerSdp, legId: leg.id };
    } catch (err) {
      room.close("customer_leg_failed");
      throw err;
    } finally {
      room.release();
    }
  },
});
