import "server-only";
import { getDb } from "@/lib/core/db";
import { busyAgentIds } from "@/lib/routing/available-call-agents";

export interface TCallAgent {
  id: string;
  name: string;
  role: "admin" | "supervisor" | "agent";
  presence: "online" | "away" | "offline";
  /** On a live call (owner, participant or transfer target). */
  busy: boolean;
}

/**
 * The people a call can be transferred to or shared with: every enabled user of the workspace
 * with their presence and whether they are on a call now. Readable by every role that takes
 * calls (GET /api/v1/users is for admins and supervisors only).
 */
export async function listCallAgents(o: { workspaceId: string }): Promise<{ data: TCallAgent[] }> {
  const db = await getDb();
  const [users, busy] = await Promise.all([
    db.user.findMany({
      where: { workspaceId: o.workspaceId, disabledAt: null },
      select: { id: true, name: true, role: true, presence: true },
      orderBy: { name: "asc" },
    }),
    busyAgentIds(o.workspaceId),
  ]);
  return { data: users.map((u) => ({ ...u, busy: busy.has(u.id) })) };
}
