import { describe, expect, it } from "vitest";
import { detectSentiment } from "./sentiment";

describe("detectSentiment", () => {
  it.each([
    "This is the worst service", "pathetic support", "you people are a fraud", "I want a refund now", "scam company", "waste of money",
    "bakwas service", "ghatiya product hai", "dhokha diya aapne", "paisa wapas karo",
    "बकवास सर्विस", "यह धोखा है", "घटिया", "मेरे पैसे वापस करो",
    "useless and slow", "very bad, very disappointed", "bekaar hai, pareshan ho gaya",
  ])("'%s' is negative", (text) => {
    expect(detectSentiment(text).label).toBe("negative");
  });

  it.each(["not bad at all", "thanks, that was quick", "what is the price", "no complaints", "bura nahi hai", "one slow day", "I am angry"])("'%s' is not negative enough to escalate", (text) => {
    expect(detectSentiment(text).label).toBe("neutral");
  });

  it("reports what matched and scores shouting lower", () => {
    expect(detectSentiment("worst").matches).toEqual(["worst"]);
    expect(detectSentiment("WORST!!!").score).toBeLessThan(detectSentiment("worst").score);
  });
});
