import "server-only";
import type { Prisma } from "@prisma/client";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { noteCallEvent } from "./apply-call-event";
import { ANSWERED } from "./call-state";
import { callData } from "./call.mapper";
import type { TCallDto } from "./call.schema";
import { assertCallOwner, loadAgentCall } from "./load-agent-call";
import { loadCallDto, publishRinging } from "./publish-call-events";

/**
 * Add a third participant (another agent) to a live call: their softphone rings; accepting gives
 * them a token for the same media room (the media-server supports several agent legs per room).
 * The call's owner does not change; the participant's hang-up only takes them out.
 */
export async function addCallParticipant(o: { principal: Principal; callId: string; agentId: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  assertCallOwner(o.principal, call, userId);
  if (!ANSWERED.has(call.status)) throw new AppError("INVALID_STATE", { userMessage: "Participants can join a call in progress only." });
  if (o.agentId === call.agentId) throw new AppError("INVALID_INPUT", { userMessage: "This agent is already on the call." });
  const db = await getDb();
  const agent = await db.user.findFirst({ where: { id: o.agentId, workspaceId: call.workspaceId, disabledAt: null }, select: { id: true } });
  if (!agent) throw new AppError("NOT_FOUND", { userMessage: "No such agent." });
  const d = callData(call);
  const participantIds = [...new Set([...(d.participantIds ?? []), o.agentId])];
  await db.call.update({ where: { id: call.id }, data: { data: { ...d, participantIds } as Prisma.InputJsonValue } });
  await noteCallEvent(call, "participant_invited", { agentId: o.agentId }, userId);
  const dto = await loadCallDto(call.id);
  await publishRinging(call.workspaceId, dto, [o.agentId], "participant");
  return dto;
}
