import "server-only";
import { getDb } from "@/lib/core/db";
import { ANSWERED } from "@/lib/calls/call-state";
import { callData } from "@/lib/calls/call.mapper";
import type { TCallAgentCandidate } from "./pick-call-agents";

/** Statuses in which the owning agent is busy with the call. */
export const BUSY_STATUSES = ["connecting", ...ANSWERED] as ("connecting" | "in_progress" | "on_hold" | "transferring")[];

/**
 * Agents who can take a call now: role agent, online, enabled, and not on a call (owner or a
 * participant of a live call). `idleSince` = the later of their last call's end and their presence
 * change, for longest-idle routing.
 */
export async function availableCallAgents(workspaceId: string): Promise<{ candidates: TCallAgentCandidate[]; onlineCount: number }> {
  const db = await getDb();
  const online = await db.user.findMany({
    where: { workspaceId, role: "agent", presence: "online", disabledAt: null },
    select: { id: true, presenceAt: true },
  });
  if (online.length === 0) return { candidates: [], onlineCount: 0 };
  const busy = await busyAgentIds(workspaceId);
  const lastEnded = await db.call.groupBy({ by: ["agentId"], where: { workspaceId, agentId: { in: online.map((u) => u.id) }, endedAt: { not: null } }, _max: { endedAt: true } });
  const ended = new Map(lastEnded.map((r) => [r.agentId, r._max.endedAt]));
  const candidates = online
    .filter((u) => !busy.has(u.id))
    .map((u) => {
      const e = ended.get(u.id);
      return { id: u.id, idleSince: e && e > u.presenceAt ? e : u.presenceAt };
    });
  return { candidates, onlineCount: online.length };
}

/** Users on a live call now: its owner, its participants and a transfer target. */
export async function busyAgentIds(workspaceId: string): Promise<Set<string>> {
  const db = await getDb();
  const live = await db.call.findMany({ where: { workspaceId, status: { in: BUSY_STATUSES } }, select: { agentId: true, data: true } });
  const busy = new Set<string>();
  for (const c of live) {
    if (c.agentId) busy.add(c.agentId);
    const d = callData(c);
    for (const p of d.participantIds ?? []) busy.add(p);
    if (d.transferToAgentId) busy.add(d.transferToAgentId);
  }
  return busy;
}
