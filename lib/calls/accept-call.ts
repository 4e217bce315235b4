import "server-only";
import type { Prisma } from "@prisma/client";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { applyCallEvent, noteCallEvent } from "./apply-call-event";
import { ANSWERED } from "./call-state";
import { callData } from "./call.mapper";
import type { TCallJoin } from "./call.schema";
import { callMediaJoin } from "./call-media-join";
import { loadAgentCall } from "./load-agent-call";

/**
 * An agent picks up (POST /api/calls/{id}/accept): an inbound call ringing for them or queued, a
 * transfer to them, or an invitation to join. The first agent wins; anyone else gets 409
 * (INVALID_STATE from the state machine — reference §8 pitfall 15). Returns the media token; Meta's
 * `accept` is sent only when both legs are up (state machine, leg_connected).
 */
export async function acceptCall(o: { principal: Principal; callId: string }): Promise<TCallJoin> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  const d = callData(call);
  if (ANSWERED.has(call.status) && (d.participantIds ?? []).includes(userId) && call.agentId !== userId) {
    return callMediaJoin({ callId: call.id, workspaceId: call.workspaceId, userId });
  }
  if (call.status === "transferring" && d.transferToAgentId === userId) {
    const previousOwner = call.agentId;
    await applyCallEvent({ callId: call.id, event: { type: "transfer_complete", agentId: userId, at: Date.now() }, actorId: userId, eventData: { from: previousOwner, mode: d.transferMode ?? "cold" } });
    const join = await callMediaJoin({ callId: call.id, workspaceId: call.workspaceId, userId });
    // The first agent leaves: their leg closes in the room when their softphone sees call.updated.
    const db = await getDb();
    if (previousOwner) await db.callLeg.updateMany({ where: { callId: call.id, kind: "agent", userId: previousOwner, leftAt: null }, data: { leftAt: new Date(), endReason: "transferred" } });
    const fresh = await db.call.findUniqueOrThrow({ where: { id: call.id } });
    await db.call.update({ where: { id: call.id }, data: { data: { ...callData(fresh), transferMode: undefined } as Prisma.InputJsonValue } });
    return join;
  }
  if (call.direction === "inbound" && call.status === "ringing" && !(d.ringingAgentIds ?? []).includes(userId) && call.agentId !== userId) {
    throw new AppError("FORBIDDEN", { userMessage: "This call is not ringing for you." });
  }
  // The agent's browser waits for this answer to join the media, so it goes as soon as the accept
  // is committed (only then may the token exist): call.updated to the workspace and the CRM
  // call-log job (accept's effects only publish) run alongside the media join instead of before it.
  const applied = await applyCallEvent({ callId: call.id, event: { type: "accept", agentId: userId, at: Date.now() }, actorId: userId, deferAfterCommit: true });
  const [join] = await Promise.all([callMediaJoin({ callId: call.id, workspaceId: call.workspaceId, userId }), noteCallEvent(call, "agent_joining", { userId }, userId)]);
  void applied.afterCommit?.(); // logs its own failures
  return join;
}
