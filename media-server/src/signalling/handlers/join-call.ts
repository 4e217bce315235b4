import { AppError } from "../../../../lib/core/app-error";
import type { SignallingHandler } from "./handler";

/**
 * `joinCall { callId, as: "agent" }` — the agent's browser enters the call's media room. The token
 * web minted names the call (a token for another call, or none, is FORBIDDEN), so a browser can only
 * join the call it was given. The room must exist: web creates it with the WhatsApp leg first.
 */
export const joinCall: SignallingHandler<"joinCall"> = async ({ callId }, ctx) => {
  if (ctx.principal.callId !== callId) {
    throw new AppError("FORBIDDEN", { message: `token for call ${ctx.principal.callId ?? "(none)"} used for ${callId}`, userMessage: "This token is not for this call." });
  }
  const room = ctx.rooms.require(callId);
  const { leg, created } = room.joinAgent(ctx.principal.userId, ctx.socketId);
  if (created) leg.onClosed((reason) => ctx.notify("legClosed", { callId, legId: leg.id, reason }));
  ctx.log.info({ callId, legId: leg.id }, "agent joined call");
  return { legId: leg.id, routerRtpCapabilities: room.rtpCapabilities, held: room.isHeld, customerAudio: Boolean(room.customer?.producer) };
};
