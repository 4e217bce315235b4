import { describe, expect, it } from "vitest";
import { chooseReplyLanguage, detectLanguage } from "./language";

describe("detectLanguage", () => {
  it.each([
    // English
    ["What is the price?", "en"],
    ["Hello, I want to book a demo for tomorrow", "en"],
    ["Can you tell me your opening hours please", "en"],
    ["I decide", "en"],
    ["Where is your office located?", "en"],
    // Hinglish (Hindi in Latin script)
    ["mujhe price batao", "hinglish"],
    ["kal appointment chahiye", "hinglish"],
    ["kitna hai", "hinglish"],
    ["haan", "hinglish"],
    ["nahi", "hinglish"],
    ["mere boss decide karenge", "hinglish"],
    ["book kar do", "hinglish"],
    ["aapka office kahan hai?", "hinglish"],
    ["bhai ye bakwas hai", "hinglish"],
    ["kal 11 baje", "hinglish"],
    // Hindi (Devanagari), including code-mixed
    ["मुझे कीमत बताओ", "hi"],
    ["कल अपॉइंटमेंट चाहिए", "hi"],
    ["मुझे price बताओ", "hi"],
    ["रोको", "hi"],
    ["₹२ लाख", "hi"],
  ] as const)("%s → %s", (text, language) => {
    const d = detectLanguage(text);
    expect(d.language).toBe(language);
    expect(d.confidence).toBeGreaterThanOrEqual(0.5);
    expect(d.script).toBe(language === "hi" ? "devanagari" : "latin");
  });

  it.each(["1", "ok", "👍", "?", "around 50k", ""])("has low confidence for '%s'", (text) => {
    expect(detectLanguage(text).confidence).toBeLessThan(0.5);
  });

  it("keeps the conversation's language when the message carries no evidence", () => {
    expect(chooseReplyLanguage(detectLanguage("1"), "hi")).toBe("hi");
    expect(chooseReplyLanguage(detectLanguage("ok"), "hinglish")).toBe("hinglish");
    expect(chooseReplyLanguage(detectLanguage("kitna hai"), "en")).toBe("hinglish");
    expect(chooseReplyLanguage(detectLanguage("ok"), undefined)).toBe("en");
  });
});
