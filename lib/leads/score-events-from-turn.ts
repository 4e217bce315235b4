import type { TBotAction } from "@/lib/bot/actions";
import type { TIntent } from "@/lib/bot/intents";
import type { TScoreEvent } from "./scoring";

const SCORED_INTENTS = new Set(["pricing", "book", "hours", "location", "reschedule", "human"] as const);
type TScoredIntent = typeof SCORED_INTENTS extends Set<infer T> ? T : never;

/**
 * The scoring events one bot turn produces: the message itself, what was asked (intent) and what
 * the bot's actions record (qualification answers, bookings, cancellations, opt-out, upset customer).
 */
export function scoreEventsFromTurn(turn: { intent?: TIntent; actions: readonly TBotAction[] }): TScoreEvent[] {
  const events: TScoreEvent[] = [{ type: "message_received" }];
  if (turn.intent && (SCORED_INTENTS as Set<string>).has(turn.intent)) events.push({ type: "intent", intent: turn.intent as TScoredIntent });
  for (const a of turn.actions) {
    switch (a.type) {
      case "qualify":
        events.push({
          type: "qualification",
          field: a.field,
          ...(a.value === "unknown" ? { unknown: true } : {}),
          ...(a.withinDays !== undefined ? { withinDays: a.withinDays } : {}),
          ...(a.role !== undefined ? { role: a.role } : {}),
        });
        break;
      case "book":
        events.push({ type: "appointment_booked" });
        break;
      case "cancel":
        events.push({ type: "appointment_cancelled" });
        break;
      case "opt_out":
        events.push({ type: "opted_out" });
        break;
      case "escalate":
        if (a.reason === "negative_sentiment") events.push({ type: "negative_sentiment" });
        break;
      default:
        break;
    }
  }
  return events;
}
