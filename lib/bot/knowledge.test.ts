import { describe, expect, it } from "vitest";
import { contentTokens, retrieveKnowledge, ZKnowledgeEntrySchema } from "./knowledge";
import { KNOWLEDGE_FIXTURE } from "./testing/knowledge-fixture";

const ids = (hits: { entry: { id: string } }[]) => hits.map((h) => h.entry.id);

describe("retrieveKnowledge", () => {
  it("finds the entry by word overlap, best first, with scores", () => {
    const hits = retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "do your invoices have GST?", language: "en" });
    expect(ids(hits)[0]).toBe("gst-en");
    expect(hits[0]!.score).toBeGreaterThan(0.35);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it("prefers the user's language for the same topic", () => {
    expect(ids(retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "price kitna hai", language: "hinglish", tags: ["pricing"] }))[0]).toBe("price-hinglish");
    expect(ids(retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "कीमत क्या है", language: "hi", tags: ["pricing"] }))[0]).toBe("price-hi");
    expect(ids(retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "what's the price", language: "en", tags: ["pricing"] }))[0]).toBe("price-en");
  });

  it("falls back to another language when the user's has no entry", () => {
    const hits = retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "office address", language: "hinglish", tags: ["location"] });
    expect(ids(hits)[0]).toBe("location-en");
  });

  it("uses tags to match words that are not in the question", () => {
    const hits = retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "दाम", language: "hi" });
    expect(ids(hits)[0]).toBe("price-hi");
  });

  it("returns nothing for unrelated queries, and respects limit", () => {
    expect(retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "zorblax quibble", language: "en" })).toEqual([]);
    expect(retrieveKnowledge(KNOWLEDGE_FIXTURE, { query: "price plans cost", language: "en", limit: 2, minScore: 0 })).toHaveLength(2);
  });

  it("stems and drops stop words", () => {
    expect(contentTokens("What are the prices of your plans?")).toEqual(["price", "plan"]);
  });

  it("validates entries", () => {
    expect(ZKnowledgeEntrySchema.safeParse({ id: "x", question: "q", answer: "a", language: "fr" }).success).toBe(false);
    expect(ZKnowledgeEntrySchema.parse({ id: "x", question: "q", answer: "a", language: "hi" }).tags).toEqual([]);
  });
});
