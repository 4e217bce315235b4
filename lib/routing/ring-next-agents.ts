import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { callData } from "@/lib/calls/call.mapper";
import { callingSettingsOf } from "@/lib/calls/calling-settings";
import { availableCallAgents } from "./available-call-agents";
import { pickCallAgents } from "./pick-call-agents";
import { rememberLastRung } from "./route-inbound-call";

/**
 * Ring further agents for a waiting inbound call: after a decline, a failed agent leg, the escalate
 * timer, or an agent freeing up. `exclude` agents are remembered on the call and never rung again
 * for it. Nobody left → the call waits `queued` until someone frees up or the ring timeout.
 */
export async function ringNextAgents(o: { callId: string; exclude: string[]; log: Logger; keepRinging?: boolean }): Promise<void> {
  const { applyCallEvent } = await import("@/lib/calls/apply-call-event");
  const db = await getDb();
  const call = await db.call.findUniqueOrThrow({ where: { id: o.callId }, include: { workspace: { select: { settings: true } } } });
  if (call.status !== "ringing" && call.status !== "queued") return;
  const d = callData(call);
  const declined = [...new Set([...(d.declinedAgentIds ?? []), ...o.exclude])];
  if (declined.length !== (d.declinedAgentIds ?? []).length) {
    await db.call.update({ where: { id: call.id }, data: { data: { ...d, declinedAgentIds: declined } as Prisma.InputJsonValue } });
  }
  const settings = callingSettingsOf(call.workspace.settings);
  const ringing = (d.ringingAgentIds ?? []).filter((a) => !declined.includes(a));
  const { candidates } = await availableCallAgents(call.workspaceId);
  const picked = pickCallAgents({ candidates, strategy: settings.strategy, assignedAgentId: null, alreadyOffered: [...declined, ...ringing], lastRungAgentId: settings.lastRungAgentId });
  const next = [...(o.keepRinging === false ? [] : ringing), ...picked];
  if (next.length === 0) {
    await applyCallEvent({ callId: call.id, event: { type: "queued", at: Date.now() }, log: o.log });
    return;
  }
  if (settings.strategy === "round_robin" && picked.length) await rememberLastRung(call.workspaceId, picked[picked.length - 1]!);
  await applyCallEvent({ callId: call.id, event: { type: "ring", agentIds: next, at: Date.now() }, eventData: { agentIds: next }, log: o.log });
}
