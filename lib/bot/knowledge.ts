import { z } from "zod";
import { ZBotLanguageSchema, type TBotLanguage } from "./language";
import { tokenize } from "./text";

/**
 * Knowledge base entries (admin-editable, stored per workspace) and a small retriever used by the
 * rule engine to answer and, later, to pick the entries Claude gets in its context.
 */
export const ZKnowledgeEntrySchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1).max(500),
  answer: z.string().min(1).max(4000),
  /** Topic tags; may be in any language ("pricing", "कीमत", "daam"). Intents map to tags. */
  tags: z.array(z.string().min(1).max(50)).max(30).default([]),
  language: ZBotLanguageSchema,
});
export type TKnowledgeEntry = z.infer<typeof ZKnowledgeEntrySchema>;

export interface TKnowledgeHit {
  entry: TKnowledgeEntry;
  /** 0..~1.5; tag matches and same-language entries score higher. */
  score: number;
}

export interface TRetrieveOptions {
  query: string;
  language: TBotLanguage;
  /** Extra tags to look for (the rule engine passes the intent, e.g. "pricing"). */
  tags?: readonly string[];
  limit?: number;
  /** Hits below this score are dropped. */
  minScore?: number;
}

/** Words that carry no topic in any of the three languages. */
const STOPWORDS = new Set([
  ...["the", "a", "an", "is", "are", "am", "do", "does", "did", "i", "you", "we", "me", "my", "your", "our", "it", "this", "that", "to", "of", "in", "on", "at", "for", "and", "or", "what", "how", "can", "please", "tell", "about", "there", "any", "with", "be", "will", "would", "could"],
  ...["hai", "hain", "kya", "mujhe", "aap", "aapka", "aapki", "ka", "ki", "ke", "ko", "se", "mein", "me", "batao", "bataiye", "bata", "do", "karo", "kar", "ho", "bhi", "toh", "ye", "wo", "yeh", "woh"],
  ...["है", "हैं", "क्या", "मुझे", "आप", "आपका", "आपकी", "का", "की", "के", "को", "से", "में", "बताओ", "बताइए", "बताएं", "दो", "करो", "हो", "भी", "तो", "यह", "वह", "ये", "वो"],
]);

/** Crude stemming so "prices"/"price", "timings"/"timing" meet; Devanagari is left as is. */
function stem(token: string): string {
  if (!/^[a-z]+$/.test(token) || token.length <= 4) return token;
  let t = token;
  if (t.endsWith("ies")) t = `${t.slice(0, -3)}y`;
  else if (/(?:ss|x|z|ch|sh)es$/.test(t)) t = t.slice(0, -2);
  else if (t.endsWith("s") && !t.endsWith("ss")) t = t.slice(0, -1);
  if (t.endsWith("ing") && t.length > 5) t = t.slice(0, -3);
  return t;
}

export function contentTokens(text: string): string[] {
  return [...new Set(tokenize(text).filter((t) => !STOPWORDS.has(t)).map(stem))];
}

/** How well an entry in `entry` language serves a user writing in `user` language. */
function languageFactor(user: TBotLanguage, entry: TBotLanguage): number {
  if (user === entry) return 1;
  // English and Hinglish share the Latin script: a Hinglish reader reads English answers.
  if ((user === "hinglish" && entry === "en") || (user === "en" && entry === "hinglish")) return 0.75;
  return 0.55;
}

/**
 * Score every entry against the query: the share of query words found in the entry's question
 * (weight 1) or answer (0.4), plus a bonus per matching tag (query words or requested tags), times
 * a language factor. Returns the best hits, highest first; ties keep the entries' order.
 */
export function retrieveKnowledge(entries: readonly TKnowledgeEntry[], options: TRetrieveOptions): TKnowledgeHit[] {
  const queryTokens = contentTokens(options.query);
  const wantedTags = new Set((options.tags ?? []).flatMap((t) => contentTokens(t)));
  const limit = options.limit ?? 3;
  const minScore = options.minScore ?? 0.2;
  const hits: TKnowledgeHit[] = [];
  for (const entry of entries) {
    const questionTokens = new Set(contentTokens(entry.question));
    const answerTokens = new Set(contentTokens(entry.answer));
    const tagTokens = new Set(entry.tags.flatMap((t) => contentTokens(t)));
    let overlap = 0;
    for (const t of queryTokens) {
      if (questionTokens.has(t)) overlap += 1;
      else if (answerTokens.has(t)) overlap += 0.4;
    }
    const textScore = queryTokens.length > 0 ? overlap / Math.sqrt(queryTokens.length * Math.max(1, questionTokens.size)) : 0;
    let tagScore = 0;
    for (const t of tagTokens) {
      if (wantedTags.has(t)) tagScore += 0.5;
      else if (queryTokens.includes(t)) tagScore += 0.3;
    }
    const score = (textScore + Math.min(tagScore, 0.8)) * languageFactor(options.language, entry.language);
    if (score >= minScore) hits.push({ entry, score: Math.round(score * 1000) / 1000 });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}
