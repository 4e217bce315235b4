import { LegCloseReason } from "../../rooms/room-events";
import type { SignallingHandler } from "./handler";

/**
 * `leave { callId? }` — the agent hangs up their side; the customer hears comfort noise until another
 * agent joins or web closes the call. With `callId` only that call's leg closes and the socket stays
 * ready for the next call.
 */
export const leave: SignallingHandler<"leave"> = async ({ callId }, ctx) => {
  if (callId) ctx.rooms.get(callId)?.agentBySocket(ctx.socketId)?.close(LegCloseReason.agent_left);
  else ctx.rooms.leaveSocket(ctx.socketId, LegCloseReason.agent_left);
  return { ok: true };
};
