import { LegCloseReason } from "../../rooms/room-events";
import type { SignallingHandler } from "./handler";

/** `leave {}` — the agent hangs up their side; the customer hears comfort noise until another agent joins or web closes the call. */
export const leave: SignallingHandler<"leave"> = async (_payload, ctx) => {
  ctx.rooms.leaveSocket(ctx.socketId, LegCloseReason.agent_left);
  return { ok: true };
};
