import type { KnowledgeEntry } from "@prisma/client";
import type { TKnowledgeEntry } from "@/lib/bot/knowledge";
import type { TKnowledgeEntryDto } from "./knowledge.schema";

const language = (l: string): "en" | "hi" | "hinglish" => (l === "hi" || l === "hinglish" ? l : "en");

export function toKnowledgeDto(row: KnowledgeEntry): TKnowledgeEntryDto {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    tags: row.tags,
    language: language(row.language),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The engine's view of an entry (lib/bot/knowledge.ts). */
export function toEngineKnowledge(row: KnowledgeEntry): TKnowledgeEntry {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    tags: row.tags,
    language: language(row.language),
  };
}
