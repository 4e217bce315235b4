import { describe, expect, it } from "vitest";
import { isDontKnow, parseBudget, parseDecisionRole, parseNeed, parseTimeline } from "./qualification";

describe("parseBudget", () => {
  it.each([
    ["around 50k", 50_000, "INR"],
    ["₹2 lakh", 200_000, "INR"],
    ["Rs. 2,00,000", 200_000, "INR"],
    ["1.5 lakhs", 150_000, "INR"],
    ["budget 1.5 lakh tak hai", 150_000, "INR"],
    ["50 hazaar", 50_000, "INR"],
    ["२ लाख रुपये", 200_000, "INR"],
    ["₹२ लाख", 200_000, "INR"],
    ["2 करोड़", 20_000_000, "INR"],
    ["between 40k and 60k", 60_000, "INR"],
    ["$500", 500, "USD"],
    ["75000", 75_000, "INR"],
  ] as const)("%s → %d %s", (text, amount, currency) => {
    expect(parseBudget(text)).toMatchObject({ amount, currency });
  });

  it.each(["3 months", "I need 2 rooms", "option 2", "no idea", "kal 11 baje"])("'%s' is not a budget", (text) => {
    expect(parseBudget(text)).toBeNull();
  });

  it("needs a currency, unit or 'budget' when the user was not asked", () => {
    expect(parseBudget("we are 250 people", { requireMarker: true })).toBeNull();
    expect(parseBudget("our budget is 250000", { requireMarker: true })).toMatchObject({ amount: 250_000 });
    expect(parseBudget("₹900", { requireMarker: true })).toMatchObject({ amount: 900 });
  });
});

describe("parseTimeline", () => {
  it.each([
    ["next month", 60], ["3 months", 90], ["in 2 weeks", 14], ["within a month", 30], ["ASAP", 1], ["today itself", 1],
    ["this week", 7], ["next year", 365], ["agle mahine", 60], ["6 mahine mein", 180], ["agle hafte tak", 14], ["abhi turant", 1],
    ["3 महीने में", 90], ["अगले महीने", 60], ["इस हफ़्ते", 7], ["दो हफ्ते", 14], ["ek saal", 365],
  ] as const)("%s → within %d days", (text, days) => {
    expect(parseTimeline(text)?.withinDays).toBe(days);
  });

  it.each(["around 50k", "I decide", "blue"])("'%s' is not a timeline", (text) => {
    expect(parseTimeline(text)).toBeNull();
  });
});

describe("parseDecisionRole", () => {
  it.each([
    ["I decide", "decision_maker"], ["me", "decision_maker"], ["I'm the owner", "decision_maker"], ["main khud decide karunga", "decision_maker"], ["मैं खुद तय करूँगा", "decision_maker"],
    ["my boss decides", "influencer"], ["mere boss decide karenge", "influencer"], ["papa decide karenge", "influencer"], ["मेरे बॉस तय करेंगे", "influencer"], ["my boss, not me", "influencer"],
    ["me and my wife together", "shared"], ["we decide together", "shared"], ["hum dono milkar", "shared"], ["हम दोनों मिलकर तय करेंगे", "shared"],
  ] as const)("%s → %s", (text, role) => {
    expect(parseDecisionRole(text)?.role).toBe(role);
  });

  it("returns null for unrelated text", () => {
    expect(parseDecisionRole("around 50k")).toBeNull();
  });
});

describe("parseNeed / isDontKnow", () => {
  it("takes free text as the need but not bare acknowledgements", () => {
    expect(parseNeed("  a 2BHK   flat near the metro ")).toBe("a 2BHK flat near the metro");
    expect(parseNeed("ok")).toBeNull();
    expect(parseNeed("हाँ")).toBeNull();
    expect(parseNeed("x".repeat(300))).toHaveLength(200);
  });

  it.each(["not sure", "pata nahi", "पता नहीं", "skip", "baad mein batata hoon"])("'%s' means don't know", (text) => {
    expect(isDontKnow(text)).toBe(true);
  });
});
