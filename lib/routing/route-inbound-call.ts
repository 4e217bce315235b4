import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { callingSettingsOf } from "@/lib/calls/calling-settings";
import { availableCallAgents } from "./available-call-agents";
import { isWithinCallingHours } from "./calling-hours";
import { pickCallAgents } from "./pick-call-agents";
import { scheduleRingTimeout } from "./schedule-ring-timeout";

/**
 * Queue an inbound call (issue 4 §4): outside calling hours, calling disabled or nobody online →
 * `no_agents` (abandon recovery follows); everybody busy → `queued` until an agent frees up or the
 * ring timeout; else ring the contact's assigned agent first, then others by the workspace policy.
 */
export async function routeInboundCall(o: { callId: string; log: Logger }): Promise<void> {
  const { applyCallEvent } = await import("@/lib/calls/apply-call-event");
  const db = await getDb();
  const call = await db.call.findUniqueOrThrow({ where: { id: o.callId }, include: { workspace: { select: { settings: true } }, conversation: { select: { assigneeId: true } } } });
  const settings = callingSettingsOf(call.workspace.settings);
  const now = new Date();
  if (!settings.enabled || !isWithinCallingHours(settings.hours, now)) {
    await applyCallEvent({ callId: call.id, event: { type: "no_agents", at: Date.now() }, eventData: { reason: settings.enabled ? "outside_calling_hours" : "calling_disabled" }, log: o.log });
    return;
  }
  const { candidates, onlineCount } = await availableCallAgents(call.workspaceId);
  if (onlineCount === 0) {
    await applyCallEvent({ callId: call.id, event: { type: "no_agents", at: Date.now() }, eventData: { reason: "no_agents_online" }, log: o.log });
    return;
  }
  await scheduleRingTimeout({ callId: call.id, kind: "abandon" });
  const assigned = call.conversation?.assigneeId ?? null;
  const agentIds = pickCallAgents({ candidates, strategy: settings.strategy, assignedAgentId: assigned, alreadyOffered: [], lastRungAgentId: settings.lastRungAgentId });
  if (agentIds.length === 0) {
    await applyCallEvent({ callId: call.id, event: { type: "queued", at: Date.now() }, log: o.log });
    return;
  }
  if (settings.strategy === "round_robin") await rememberLastRung(call.workspaceId, agentIds[agentIds.length - 1]!);
  await applyCallEvent({ callId: call.id, event: { type: "ring", agentIds, at: Date.now() }, eventData: { agentIds }, log: o.log });
  if (assigned && agentIds.length === 1 && agentIds[0] === assigned && candidates.length > 1) await scheduleRingTimeout({ callId: call.id, kind: "escalate" });
}

export async function rememberLastRung(workspaceId: string, agentId: string): Promise<void> {
  const db = await getDb();
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { settings: true } });
  const s = (ws.settings ?? {}) as Record<string, unknown>;
  const calling = (s.calling ?? {}) as Record<string, unknown>;
  await db.workspace.update({ where: { id: workspaceId }, data: { settings: { ...s, calling: { ...calling, lastRungAgentId: agentId } } as Prisma.InputJsonValue } });
}
