import { AppError } from "../../../../lib/core/app-error";
import type { AgentLeg } from "../../legs/agent-leg";
import type { CallRoom } from "../../rooms/call-room";
import type { SignallingContext } from "./handler";

/** The room of the socket's call and this socket's leg in it; INVALID_STATE before joinCall. */
export function agentLegOf(ctx: SignallingContext): { room: CallRoom; leg: AgentLeg } {
  const callId = ctx.principal.callId;
  const room = callId ? ctx.rooms.get(callId) : undefined;
  const leg = room?.agentBySocket(ctx.socketId);
  if (!room || !leg || leg.closed) throw new AppError("INVALID_STATE", { userMessage: "Join the call first (joinCall)." });
  return { room, leg };
}
