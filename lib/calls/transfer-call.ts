import "server-only";
import type { Prisma } from "@prisma/client";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { applyCallEvent } from "./apply-call-event";
import { callData } from "./call.mapper";
import type { TCallDto } from "./call.schema";
import { assertCallOwner, loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/**
 * Transfer to another agent. Cold: the customer hears the hold tone while the target rings; when
 * the target accepts, they take the call and the first agent leaves. Warm: the customer stays with
 * the first agent while the target rings; the target joins the same room (both agents hear the
 * customer), then the first agent leaves. A decline or the ring timeout leaves the customer on hold
 * with the first agent (state machine).
 */
export async function transferCall(o: { principal: Principal; callId: string; toAgentId: string; mode: "cold" | "warm" }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  assertCallOwner(o.principal, call, userId);
  const db = await getDb();
  const target = await db.user.findFirst({ where: { id: o.toAgentId, workspaceId: call.workspaceId, disabledAt: null }, select: { id: true } });
  if (!target) throw new AppError("NOT_FOUND", { userMessage: "No such agent." });
  await db.call.update({ where: { id: call.id }, data: { data: { ...callData(call), transferMode: o.mode } as Prisma.InputJsonValue } });
  await applyCallEvent({ callId: call.id, event: { type: "transfer_start", toAgentId: o.toAgentId, agentId: userId, at: Date.now() }, actorId: userId, eventData: { toAgentId: o.toAgentId, mode: o.mode } });
  return loadCallDto(call.id);
}
