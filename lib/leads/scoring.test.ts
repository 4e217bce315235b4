import { describe, expect, it } from "vitest";
import { applyScore, formatChange, SCORE_WEIGHTS, scoreEvent, stageFor, ZScoreEventSchema, type TScoreEvent } from "./scoring";
import { scoreEventsFromTurn } from "./score-events-from-turn";

describe("scoreEvent", () => {
  it.each([
    [{ type: "message_received" }, "+2: sent a message"],
    [{ type: "reply_speed", seconds: 240 }, "+10: replied within 5 minutes"],
    [{ type: "reply_speed", seconds: 1800 }, "+5: replied within an hour"],
    [{ type: "call_answered", durationSeconds: 45 }, "+5: answered call of 45 s"],
    [{ type: "call_answered", durationSeconds: 150 }, "+10: answered call of 3 min"],
    [{ type: "call_answered", durationSeconds: 240 }, "+20: answered call of 4 min"],
    [{ type: "call_answered", durationSeconds: 900 }, "+25: answered call of 15 min"],
    [{ type: "call_missed" }, "-5: missed a call"],
    [{ type: "intent", intent: "pricing" }, "+15: asked for pricing"],
    [{ type: "intent", intent: "book" }, "+20: asked to book an appointment"],
    [{ type: "qualification", field: "need" }, "+15: need stated"],
    [{ type: "qualification", field: "budget" }, "+25: budget stated"],
    [{ type: "qualification", field: "timeline", withinDays: 90 }, "+15: timeline stated"],
    [{ type: "qualification", field: "timeline", withinDays: 14 }, "+25: timeline within 30 days"],
    [{ type: "qualification", field: "decision_role", role: "decision_maker" }, "+20: is the decision maker"],
    [{ type: "qualification", field: "decision_role", role: "shared" }, "+15: decides together with others"],
    [{ type: "qualification", field: "decision_role", role: "influencer" }, "+10: influences the decision"],
    [{ type: "appointment_booked" }, "+20: booked an appointment"],
    [{ type: "appointment_cancelled" }, "-10: cancelled an appointment"],
    [{ type: "no_reply", days: 8 }, "-10: no reply in 7 days"],
    [{ type: "no_reply", days: 45 }, "-20: no reply in 30 days"],
    [{ type: "opted_out" }, "-50: opted out"],
  ] as Array<[TScoreEvent, string]>)("%j → %s", (event, text) => {
    expect(ZScoreEventSchema.parse(event)).toEqual(event);
    expect(formatChange(scoreEvent(event))).toBe(text);
  });

  it("gives nothing for slow replies, recent silence or unknown answers", () => {
    expect(scoreEvent({ type: "reply_speed", seconds: 7200 }).delta).toBe(0);
    expect(scoreEvent({ type: "no_reply", days: 3 }).delta).toBe(0);
    expect(scoreEvent({ type: "qualification", field: "budget", unknown: true })).toEqual({ delta: 0, reason: "budget not known yet" });
  });

  it("takes every number from the one weights table", () => {
    expect(scoreEvent({ type: "intent", intent: "pricing" }).delta).toBe(SCORE_WEIGHTS.intentPricing);
    expect(scoreEvent({ type: "qualification", field: "timeline", withinDays: 7 }).delta).toBe(SCORE_WEIGHTS.timelineStated + SCORE_WEIGHTS.timelineWithin30Days);
  });
});

describe("applyScore", () => {
  it("adds up explained changes and derives the stage", () => {
    const r = applyScore(10, [
      { type: "intent", intent: "pricing" },
      { type: "reply_speed", seconds: 60 },
      { type: "reply_speed", seconds: 99_999 },
      { type: "call_answered", durationSeconds: 240 },
    ]);
    expect(r.score).toBe(55);
    expect(r.stage).toBe("hot");
    expect(r.changes.map((c) => [c.text, c.scoreAfter])).toEqual([
      ["+15: asked for pricing", 25],
      ["+10: replied within 5 minutes", 35],
      ["+20: answered call of 4 min", 55],
    ]);
  });

  it("never goes below zero and records what was actually applied", () => {
    const r = applyScore(5, [{ type: "no_reply", days: 10 }, { type: "opted_out" }]);
    expect(r.score).toBe(0);
    expect(r.changes.map((c) => [c.delta, c.applied])).toEqual([[-10, -5], [-50, 0]]);
  });

  it("is deterministic", () => {
    const events: TScoreEvent[] = [{ type: "message_received" }, { type: "qualification", field: "budget" }, { type: "appointment_booked" }];
    expect(applyScore(0, events)).toEqual(applyScore(0, events));
  });

  it.each([[0, "cold"], [19, "cold"], [20, "warm"], [49, "warm"], [50, "hot"], [79, "hot"], [80, "qualified"], [300, "qualified"]] as const)(
    "score %d is %s",
    (score, stage) => expect(stageFor(score)).toBe(stage),
  );
});

describe("scoreEventsFromTurn", () => {
  it("turns bot actions and intent into scoring events", () => {
    expect(
      scoreEventsFromTurn({
        intent: "book",
        actions: [
          { type: "qualify", field: "budget", value: "INR 50000", raw: "50k", amount: 50000, currency: "INR" },
          { type: "qualify", field: "timeline", value: "unknown", raw: "pata nahi" },
          { type: "book", slotId: "s", startsAt: "2026-11-28T05:30:00.000Z", endsAt: "2026-11-28T06:00:00.000Z" },
        ],
      }),
    ).toEqual([
      { type: "message_received" },
      { type: "intent", intent: "book" },
      { type: "qualification", field: "budget" },
      { type: "qualification", field: "timeline", unknown: true },
      { type: "appointment_booked" },
    ]);
    expect(scoreEventsFromTurn({ intent: "greeting", actions: [] })).toEqual([{ type: "message_received" }]);
  });
});
