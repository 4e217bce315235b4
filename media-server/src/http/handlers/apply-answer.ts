import { z } from "zod";
import { AppError } from "../../../../lib/core/app-error";
import { defineControl } from "../control/control-handler";
import { ZCallIdSchema, ZSdpTextSchema } from "./call-id.schema";

export const ZApplyAnswerSchema = z.strictObject({ callId: ZCallIdSchema, answerSdp: ZSdpTextSchema });

/**
 * `POST /control/calls/answer { callId, answerSdp }` — Meta's answer to our offer. An invalid SDP is
 * a 400 with the SdpError reason and the leg stays waiting (web decides to terminate). A repeated
 * identical answer (webhook redelivery) is a no-op; a different one is a 409: Meta does no
 * renegotiation (reference §6.8).
 */
export const applyAnswer = defineControl({
  schema: ZApplyAnswerSchema,
  async handle({ callId, answerSdp }, ctx) {
    const leg = ctx.rooms.require(callId).customer;
    if (!leg || leg.direction !== "outbound") throw new AppError("INVALID_STATE", { userMessage: "This call has no outbound offer waiting for an answer." });
    if (leg.remoteSdp !== null) {
      if (leg.remoteSdp === answerSdp) return { ok: true, state: leg.state };
      throw new AppError("CONFLICT", { userMessage: "An answer was already applied to this call." });
    }
    await leg.applyAnswer(answerSdp);
    return { ok: true, state: leg.state };
  },
});
