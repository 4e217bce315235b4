import { describe, expect, it } from "vitest";
import type { TProposedSlot } from "./actions";
import { parseSlotChoice, parseTimeHint } from "./slot-choice";

// Now: Friday 27 Nov 2026 11:30 IST. Offered: Fri 15:00, 15:30, Sat 11:00, Sat 16:00, Mon 10:00 (IST).
const now = new Date("2026-11-27T06:00:00Z");
const slot = (iso: string): TProposedSlot => ({
  id: `agent-1:${iso}`,
  startsAt: iso,
  endsAt: new Date(Date.parse(iso) + 30 * 60_000).toISOString(),
  label: iso.slice(5, 16),
  timeZone: "Asia/Kolkata",
});
const offered = ["2026-11-27T09:30:00.000Z", "2026-11-27T10:00:00.000Z", "2026-11-28T05:30:00.000Z", "2026-11-28T10:30:00.000Z", "2026-11-30T04:30:00.000Z"].map(slot);
const pick = (text: string, replyId?: string) => {
  const c = parseSlotChoice(replyId ? { text, replyId } : { text }, offered, now);
  return c.kind === "chosen" ? offered.indexOf(c.slot) + 1 : c.kind;
};

describe("parseSlotChoice", () => {
  it.each([
    ["1", 1], ["2", 2], ["५", 5], ["option 3", 3], ["number 4 please", 4], ["#2", 2],
    ["the second one", 2], ["first", 1], ["3rd", 3], ["the last one", 5],
    ["doosra", 2], ["teesra wala", 3], ["pehla", 1], ["दूसरा", 2], ["तीसरा वाला", 3], ["आखिरी", 5],
    ["kal 11 baje", 3], ["tomorrow at 11am", 3], ["tomorrow 4pm", 4], ["kal shaam 4 baje", 4], ["कल सुबह 11 बजे", 3], ["कल 4 बजे", 4],
    ["today 3:30 pm", 2], ["aaj 3 baje", 1], ["monday 10am", 5], ["somvar 10 baje", 5], ["सोमवार 10 बजे", 5], ["3:30", 2],
  ] as const)("%s → slot %s", (text, expected) => {
    expect(pick(text)).toBe(expected);
  });

  it("uses the tapped row id first", () => {
    expect(pick("whatever the title was", offered[3]!.id)).toBe(4);
  });

  it("reports ambiguity, misses and non-answers", () => {
    expect(parseSlotChoice({ text: "kal" }, offered, now)).toEqual({ kind: "ambiguous", candidates: [offered[2], offered[3]] });
    expect(pick("9")).toBe("no_match"); // only 5 offered
    expect(pick("sixth")).toBe("no_match");
    expect(pick("tomorrow at 9pm")).toBe("no_match");
    expect(pick("hmm which is better")).toBe("none");
    expect(pick("I have 2 kids and 3 dogs")).toBe("none");
  });

  it("matches a named time against all free slots when the list does not have it", () => {
    const later = slot("2026-12-01T08:30:00.000Z"); // Tue 14:00 IST
    const c = parseSlotChoice({ text: "tuesday 2pm" }, offered, now, [later]);
    expect(c).toEqual({ kind: "chosen", slot: later });
  });
});

describe("parseTimeHint", () => {
  it.each([
    ["kal 11 baje", { dayOffset: 1, hour: 11, minute: 0 }],
    ["parso shaam 5", { dayOffset: 2, hour: 17, minute: 0 }],
    ["at 4", { hour: 16, minute: 0 }],
    ["12 pm", { hour: 12, minute: 0 }],
    ["12 am", { hour: 0, minute: 0 }],
    ["friday", { weekday: 5 }],
  ] as const)("%s", (text, hint) => {
    expect(parseTimeHint(text)).toEqual(hint);
  });

  it("ignores numbers without a time marker", () => {
    expect(parseTimeHint("2")).toBeNull();
    expect(parseTimeHint("I have 2 kids")).toBeNull();
  });
});
