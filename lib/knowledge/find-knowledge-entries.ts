import "server-only";
import { getDb } from "@/lib/core/db";
import { toKnowledgeDto } from "./knowledge.mapper";
import type { TKnowledgeEntryDto, TKnowledgeListQuery } from "./knowledge.schema";

/** The workspace's knowledge base, newest edits first; `q` searches question, answer and tags. */
export async function findKnowledgeEntries(options: {
  workspaceId: string;
  query?: TKnowledgeListQuery;
}): Promise<{ data: TKnowledgeEntryDto[] }> {
  const db = await getDb();
  const q = options.query?.q;
  const rows = await db.knowledgeEntry.findMany({
    where: {
      workspaceId: options.workspaceId,
      ...(options.query?.language ? { language: options.query.language } : {}),
      ...(q
        ? {
            OR: [
              { question: { contains: q, mode: "insensitive" } },
              { answer: { contains: q, mode: "insensitive" } },
              { tags: { has: q } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 1000,
  });
  return { data: rows.map(toKnowledgeDto) };
}
