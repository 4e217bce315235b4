import { describe, expect, it } from "vitest";
import { REPLIES, renderReply, type TReplyKey } from "./replies";

const DEVANAGARI = /[\u0900-\u097F]/;

describe("replies", () => {
  it.each(Object.keys(REPLIES) as TReplyKey[])("%s exists in en / hi / hinglish, each in its script", (key) => {
    const r = REPLIES[key];
    expect(r.en.length).toBeGreaterThan(0);
    expect(r.hinglish.length).toBeGreaterThan(0);
    expect(r.en).not.toMatch(DEVANAGARI);
    expect(r.hinglish).not.toMatch(DEVANAGARI);
    // kb_other_language in English is only the answer itself.
    if (key !== "kb_other_language") expect(r.hi).toMatch(DEVANAGARI);
    if (key !== "kb_other_language") expect(new Set([r.en, r.hi, r.hinglish]).size).toBe(3);
    // Same placeholders in every language.
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(placeholders(r.hi)).toEqual(placeholders(r.en));
    expect(placeholders(r.hinglish)).toEqual(placeholders(r.en));
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(renderReply("booked", "hinglish", { label: "Sat, 28 Nov, 11:00 am" })).toContain("Sat, 28 Nov, 11:00 am ke liye");
    expect(renderReply("booked", "en")).toContain("{label}");
  });

  it("keeps slot buttons within WhatsApp's 20-character limit", () => {
    for (const text of Object.values(REPLIES.slots_button)) expect(text.length).toBeLessThanOrEqual(20);
  });
});
