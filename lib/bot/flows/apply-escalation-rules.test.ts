import { describe, expect, it } from "vitest";
import { initialBotState } from "../bot-state";
import type { TBotTurnResult } from "../engine";
import { ZBotSettingsSchema } from "../settings.schema";
import { applyEscalationRules } from "./apply-escalation-rules";

const escalating = (reason: "requested" | "negative_sentiment"): TBotTurnResult => ({
  actions: [
    { type: "reply", text: "Connecting you." },
    { type: "escalate", reason, summary: "Customer asked for a person." },
  ],
  state: { ...initialBotState(), handedOff: true, unknownStreak: 1 },
  confidence: 0.9,
  language: "en",
});

describe("applyEscalationRules", () => {
  it("keeps an escalation whose rule is on", () => {
    const r = applyEscalationRules(escalating("requested"), ZBotSettingsSchema.parse({}));
    expect(r.actions.map((a) => a.type)).toEqual(["reply", "escalate"]);
    expect(r.state.handedOff).toBe(true);
  });

  it("drops an escalation whose rule is off, and the bot keeps the conversation", () => {
    const settings = ZBotSettingsSchema.parse({ escalation: { negativeSentiment: false } });
    const r = applyEscalationRules(escalating("negative_sentiment"), settings);
    expect(r.actions.map((a) => a.type)).toEqual(["reply"]);
    expect(r.state).toMatchObject({ handedOff: false, unknownStreak: 0, failures: 0 });
    // Other reasons are unaffected by that switch.
    expect(applyEscalationRules(escalating("requested"), settings).state.handedOff).toBe(true);
  });
});
