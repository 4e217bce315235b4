import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { getDb } from "@/lib/core/db";
import { applyCallEvent, noteCallEvent } from "./apply-call-event";
import { callData } from "./call.mapper";
import type { TCallDto } from "./call.schema";
import { loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/**
 * Hang up. The owner (or a supervisor) ends the call: Graph terminate (reject before answer) and
 * media close, through the state machine. An added participant only leaves the room.
 */
export async function hangupCall(o: { principal: Principal; callId: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  const participants = callData(call).participantIds ?? [];
  if (call.agentId !== userId && participants.includes(userId) && o.principal.role === "agent") {
    const db = await getDb();
    await db.callLeg.updateMany({ where: { callId: call.id, kind: "agent", userId, leftAt: null }, data: { leftAt: new Date(), endReason: "left" } });
    await db.call.update({ where: { id: call.id }, data: { data: { ...callData(call), participantIds: participants.filter((p) => p !== userId) } } });
    await noteCallEvent(call, "participant_left", { userId }, userId);
    return loadCallDto(call.id);
  }
  await applyCallEvent({ callId: call.id, event: { type: "hangup", agentId: userId, at: Date.now() }, actorId: userId });
  return loadCallDto(call.id);
}
