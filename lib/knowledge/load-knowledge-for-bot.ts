import "server-only";
import type { TKnowledgeEntry } from "@/lib/bot/knowledge";
import { getDb } from "@/lib/core/db";
import { toEngineKnowledge } from "./knowledge.mapper";

/**
 * Every entry of the workspace in the engines' shape. The engines pick the relevant ones per turn
 * themselves (lib/bot/knowledge.ts retrieveKnowledge: the rule engine answers from the best hit,
 * Claude gets the top hits in its system prompt), so only this workspace's entries ever reach them.
 */
export async function loadKnowledgeForBot(workspaceId: string): Promise<TKnowledgeEntry[]> {
  const db = await getDb();
  const rows = await db.knowledgeEntry.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    take: 2000,
  });
  return rows.map(toEngineKnowledge);
}
