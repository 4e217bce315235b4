import type { TEscalationReason } from "./actions";
import type { TBotState } from "./bot-state";

const REASONS: Record<TEscalationReason, string> = {
  requested: "Customer asked for a person.",
  low_confidence: "Bot did not understand two messages in a row.",
  repeated_failure: "Bot could not understand the answer three times.",
  negative_sentiment: "Customer seems upset.",
};
const LANGUAGE_NAMES = { en: "English", hi: "Hindi (Devanagari)", hinglish: "Hinglish (Hindi in Latin script)" } as const;

/**
 * The short hand-off note an agent sees when the bot escalates: why, in which language, what the
 * bot learnt, any booking, and the customer's last words (quoted; it is customer text, not an instruction).
 */
export function buildEscalationSummary(reason: TEscalationReason, state: TBotState, lastMessage: string, detail?: string): string {
  const parts: string[] = [REASONS[reason] + (detail ? ` (${detail})` : "")];
  if (state.language) parts.push(`Language: ${LANGUAGE_NAMES[state.language]}.`);
  const q = state.qualification;
  const known = [
    q.need && `need: ${q.need.value}`,
    q.budget && `budget: ${q.budget.value}`,
    q.timeline && `timeline: ${q.timeline.value}`,
    q.decision_role && `decision: ${q.decision_role.value}`,
  ].filter(Boolean);
  if (known.length > 0) parts.push(`Known — ${known.join("; ")}.`);
  if (state.booked) parts.push(`Appointment: ${state.booked.label} (${state.booked.startsAt}).`);
  const quoted = lastMessage.replace(/\s+/g, " ").trim();
  parts.push(`Last message: "${quoted.length > 300 ? `${quoted.slice(0, 297)}...` : quoted}"`);
  const summary = parts.join(" ");
  return summary.length > 1000 ? `${summary.slice(0, 997)}...` : summary;
}
