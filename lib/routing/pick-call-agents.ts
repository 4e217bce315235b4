/**
 * Which agents to ring for an inbound call (issue 4 §4), pure. Candidates are the workspace's
 * available agents (online, not on a call, not excluded). The contact's assigned agent rings first,
 * alone; after that the policy decides: `longest_idle` rings the one idle longest, `ring_all` rings
 * everyone, `round_robin` the next after the last one rung.
 */
export interface TCallAgentCandidate {
  id: string;
  /** When the agent last became free (end of their last call, or when they came online). */
  idleSince: Date;
}

export interface PickCallAgentsInput {
  candidates: TCallAgentCandidate[];
  strategy: "longest_idle" | "ring_all" | "round_robin";
  assignedAgentId: string | null;
  /** Agents who were already offered this call (the assigned agent after their turn). */
  alreadyOffered: string[];
  lastRungAgentId?: string;
}

export function pickCallAgents(i: PickCallAgentsInput): string[] {
  const pool = i.candidates.filter((c) => !i.alreadyOffered.includes(c.id));
  if (pool.length === 0) return [];
  if (i.assignedAgentId && pool.some((c) => c.id === i.assignedAgentId)) return [i.assignedAgentId];
  switch (i.strategy) {
    case "ring_all":
      return pool.map((c) => c.id).sort();
    case "round_robin": {
      const ids = pool.map((c) => c.id).sort();
      return [ids.find((id) => i.lastRungAgentId !== undefined && id > i.lastRungAgentId) ?? ids[0]!];
    }
    case "longest_idle":
      return [[...pool].sort((a, b) => a.idleSince.getTime() - b.idleSince.getTime() || a.id.localeCompare(b.id))[0]!.id];
  }
}
