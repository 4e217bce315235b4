import "server-only";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { ringNextAgents } from "./ring-next-agents";

/** An agent freed up: offer them the calls waiting in the workspace's queue, oldest first. */
export async function dispatchQueuedCalls(o: { workspaceId: string; log: Logger }): Promise<void> {
  const db = await getDb();
  const queued = await db.call.findMany({ where: { workspaceId: o.workspaceId, status: "queued", direction: "inbound" }, orderBy: { startedAt: "asc" }, take: 20, select: { id: true } });
  for (const c of queued) await ringNextAgents({ callId: c.id, exclude: [], log: o.log });
}
