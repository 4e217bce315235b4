import "server-only";
import type { Prisma } from "@prisma/client";

/**
 * Automatic assignment of a newly opened conversation (issue 3 §3): among the workspace's online
 * agents below their capacity (User.capacity = max open conversations), pick by the workspace
 * setting `settings.routing.strategy`:
 *  - "least_loaded" (default): fewest open conversations; ties → the agent idle longest (oldest
 *    presenceAt), then id, so the choice is deterministic.
 *  - "round_robin": the next eligible agent after the last one picked (kept in settings.routing.lastAssigneeId).
 * Nobody eligible → stays unassigned (the "unassigned" inbox filter shows it).
 * Runs inside the caller's transaction; returns the chosen user id or null.
 */
export type TRoutingStrategy = "least_loaded" | "round_robin";

interface RoutingSettings {
  strategy?: TRoutingStrategy;
  lastAssigneeId?: string;
  /** false disables automatic assignment. */
  enabled?: boolean;
}

export async function assignAutomatically(tx: Prisma.TransactionClient, workspaceId: string): Promise<string | null> {
  const ws = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
  const settings = (ws?.settings ?? {}) as { routing?: RoutingSettings };
  const routing = settings.routing ?? {};
  if (routing.enabled === false) return null;
  const agents = await tx.user.findMany({
    where: { workspaceId, role: "agent", presence: "online", disabledAt: null },
    select: { id: true, capacity: true, presenceAt: true },
    orderBy: { id: "asc" },
  });
  if (agents.length === 0) return null;
  const loads = await tx.conversation.groupBy({
    by: ["assigneeId"],
    where: { workspaceId, status: { in: ["open", "pending"] }, assigneeId: { in: agents.map((a) => a.id) } },
    _count: { _all: true },
  });
  const load = new Map(loads.map((l) => [l.assigneeId, l._count._all]));
  const eligible = agents.filter((a) => (load.get(a.id) ?? 0) < a.capacity);
  if (eligible.length === 0) return null;

  let chosen: string;
  if (routing.strategy === "round_robin") {
    const next = eligible.find((a) => routing.lastAssigneeId !== undefined && a.id > routing.lastAssigneeId);
    chosen = (next ?? eligible[0]).id;
    await tx.workspace.update({
      where: { id: workspaceId },
      data: { settings: { ...(settings as Record<string, unknown>), routing: { ...routing, lastAssigneeId: chosen } } as Prisma.InputJsonValue },
    });
  } else {
    chosen = [...eligible].sort(
      (a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.presenceAt.getTime() - b.presenceAt.getTime() || a.id.localeCompare(b.id),
    )[0].id;
  }
  return chosen;
}
