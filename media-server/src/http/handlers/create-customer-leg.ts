import { z } from "zod";
import { AppError } from "../../../../lib/core/app-error";
import { readWhatsAppSdp } from "../../sdp/read-whatsapp-sdp";
import { defineControl } from "../control/control-handler";
import { ZCallIdSchema, ZSdpTextSchema } from "./call-id.schema";

export const ZCreateCustomerLegSchema = z.strictObject({ callId: ZCallIdSchema, offerSdp: ZSdpTextSchema });
export type TCreateCustomerLeg = z.infer<typeof ZCreateCustomerLegSchema>;

/**
 * `POST /control/calls/inbound { callId, offerSdp } → { answerSdp }` — a user-initiated call: the
 * gateway answers Meta's offer (from the `connect` webhook). The SDP is validated before any room
 * exists, so a bad offer is a 400 with the SdpError reason in `details.reason` and costs nothing.
 * Retrying with the same offer returns the same answer (Meta needs the same SDP in pre_accept and
 * accept); a different offer for a live call is a 409.
 */
export const createCustomerLeg = defineControl({
  schema: ZCreateCustomerLegSchema,
  async handle({ callId, offerSdp }, ctx) {
    readWhatsAppSdp(offerSdp, { kind: "offer" });
    const room = await ctx.rooms.getOrCreate(callId);
    const existing = room.customer;
    if (existing) {
      if (existing.direction === "inbound" && existing.remoteSdp === offerSdp && existing.localSdp) return { answerSdp: existing.localSdp, legId: existing.id };
      throw new AppError("CONFLICT", { userMessage: "This call already has a WhatsApp leg with another SDP." });
    }
    room.hold();
    try {
      const leg = room.newCustomerLeg();
      const answerSdp = await leg.answer(offerSdp);
      return { answerSdp, legId: leg.id };
    } catch (err) {
      room.close("customer_leg_failed");
      throw err;
    } finally {
      room.release();
    }
  },
});
