import type { TEscalationReason } from "../actions";
import type { TBotTurnResult } from "../engine";
import type { TBotSettings } from "../settings.schema";

const RULE: Record<TEscalationReason, keyof TBotSettings["escalation"]> = {
  requested: "onRequest",
  low_confidence: "lowConfidence",
  repeated_failure: "repeatedFailure",
  negative_sentiment: "negativeSentiment",
};

/**
 * The engines escalate on their own; the workspace decides which reasons really hand off. A
 * disabled reason drops the escalate action and keeps the bot in charge (its reply still goes out).
 */
export function applyEscalationRules(result: TBotTurnResult, settings: TBotSettings): TBotTurnResult {
  const kept = result.actions.filter((a) => a.type !== "escalate" || settings.escalation[RULE[a.reason]]);
  if (kept.length === result.actions.length) return result;
  const stillEscalates = kept.some((a) => a.type === "escalate");
  return {
    ...result,
    actions: kept,
    state: { ...result.state, handedOff: stillEscalates, failures: 0, unknownStreak: 0 },
  };
}
