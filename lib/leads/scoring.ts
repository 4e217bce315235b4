import { z } from "zod";

/**
 * The lead score: a transparent points model. Every event is worth a fixed number of points from
 * the one table below, and every change is kept with its reason ("+15: asked for pricing") so an
 * agent can see why a lead is hot. Pure and deterministic: same events, same score.
 */

export const ZScoreEventSchema = z.discriminatedUnion("type", [
  /** The contact sent a message (engagement). */
  z.object({ type: z.literal("message_received") }),
  /** Time the contact took to answer our last message. */
  z.object({ type: z.literal("reply_speed"), seconds: z.number().nonnegative() }),
  z.object({ type: z.literal("call_answered"), durationSeconds: z.number().nonnegative() }),
  z.object({ type: z.literal("call_missed") }),
  /** What the contact asked for (bot intent). */
  z.object({ type: z.literal("intent"), intent: z.enum(["pricing", "book", "hours", "location", "reschedule", "human"]) }),
  z.object({
    type: z.literal("qualification"),
    field: z.enum(["need", "budget", "timeline", "decision_role"]),
    /** The answer was "don't know": recorded, worth nothing. */
    unknown: z.boolean().optional(),
    withinDays: z.number().int().nonnegative().optional(),
    role: z.enum(["decision_maker", "shared", "influencer", "unknown"]).optional(),
  }),
  z.object({ type: z.literal("appointment_booked") }),
  z.object({ type: z.literal("appointment_cancelled") }),
  z.object({ type: z.literal("appointment_no_show") }),
  /** Days since the contact last wrote, checked by a periodic job. */
  z.object({ type: z.literal("no_reply"), days: z.number().nonnegative() }),
  z.object({ type: z.literal("negative_sentiment") }),
  z.object({ type: z.literal("opted_out") }),
]);
export type TScoreEvent = z.infer<typeof ZScoreEventSchema>;

/** All weights in one place. Change a number here and every explanation follows. */
export const SCORE_WEIGHTS = {
  messageReceived: 2,
  replyWithin5Min: 10,
  replyWithin1Hour: 5,
  callAnsweredUnder1Min: 5,
  callAnsweredUnder3Min: 10,
  callAnswered3MinPlus: 20,
  callAnswered10MinPlus: 25,
  callMissed: -5,
  intentPricing: 15,
  intentBook: 20,
  intentHours: 5,
  intentLocation: 5,
  intentReschedule: 5,
  intentHuman: 5,
  needStated: 15,
  budgetStated: 25,
  timelineStated: 15,
  /** Extra on top of timelineStated when the purchase is within 30 days. */
  timelineWithin30Days: 10,
  decisionMaker: 20,
  decisionShared: 15,
  decisionInfluencer: 10,
  appointmentBooked: 20,
  appointmentCancelled: -10,
  appointmentNoShow: -15,
  noReply7Days: -10,
  noReply30Days: -20,
  negativeSentiment: -5,
  optedOut: -50,
} as const;

export type TLeadStage = "cold" | "warm" | "hot" | "qualified";

/** Lowest score of each stage, highest first. */
export const STAGE_THRESHOLDS: ReadonlyArray<{ stage: TLeadStage; min: number }> = [
  { stage: "qualified", min: 80 },
  { stage: "hot", min: 50 },
  { stage: "warm", min: 20 },
  { stage: "cold", min: 0 },
];

export interface TScoreDelta {
  delta: number;
  reason: string;
}

export interface TScoreChange extends TScoreDelta {
  /** What actually moved the score (differs from `delta` only when the floor of 0 clipped it). */
  applied: number;
  scoreAfter: number;
  /** "+15: asked for pricing" */
  text: string;
  event: TScoreEvent;
}

export interface TScoreResult {
  score: number;
  stage: TLeadStage;
  changes: TScoreChange[];
}

const W = SCORE_WEIGHTS;

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** Points and reason for one event; `delta` 0 means the event does not move the score. */
export function scoreEvent(event: TScoreEvent): TScoreDelta {
  switch (event.type) {
    case "message_received":
      return { delta: W.messageReceived, reason: "sent a message" };
    case "reply_speed":
      if (event.seconds <= 300) return { delta: W.replyWithin5Min, reason: "replied within 5 minutes" };
      if (event.seconds <= 3600) return { delta: W.replyWithin1Hour, reason: "replied within an hour" };
      return { delta: 0, reason: "replied after more than an hour" };
    case "call_answered": {
      const d = event.durationSeconds;
      const reason = `answered call of ${formatDuration(d)}`;
      if (d >= 600) return { delta: W.callAnswered10MinPlus, reason };
      if (d >= 180) return { delta: W.callAnswered3MinPlus, reason };
      if (d >= 60) return { delta: W.callAnsweredUnder3Min, reason };
      return { delta: W.callAnsweredUnder1Min, reason };
    }
    case "call_missed":
      return { delta: W.callMissed, reason: "missed a call" };
    case "intent":
      switch (event.intent) {
        case "pricing":
          return { delta: W.intentPricing, reason: "asked for pricing" };
        case "book":
          return { delta: W.intentBook, reason: "asked to book an appointment" };
        case "hours":
          return { delta: W.intentHours, reason: "asked for opening hours" };
        case "location":
          return { delta: W.intentLocation, reason: "asked for the address" };
        case "reschedule":
          return { delta: W.intentReschedule, reason: "asked to reschedule" };
        case "human":
          return { delta: W.intentHuman, reason: "asked to talk to a person" };
      }
      break;
    case "qualification": {
      if (event.unknown || event.role === "unknown") return { delta: 0, reason: `${event.field.replace("_", " ")} not known yet` };
      switch (event.field) {
        case "need":
          return { delta: W.needStated, reason: "need stated" };
        case "budget":
          return { delta: W.budgetStated, reason: "budget stated" };
        case "timeline":
          if (event.withinDays !== undefined && event.withinDays <= 30) {
            return { delta: W.timelineStated + W.timelineWithin30Days, reason: "timeline within 30 days" };
          }
          return { delta: W.timelineStated, reason: "timeline stated" };
        case "decision_role":
          if (event.role === "decision_maker") return { delta: W.decisionMaker, reason: "is the decision maker" };
          if (event.role === "shared") return { delta: W.decisionShared, reason: "decides together with others" };
          return { delta: W.decisionInfluencer, reason: "influences the decision" };
      }
      break;
    }
    case "appointment_booked":
      return { delta: W.appointmentBooked, reason: "booked an appointment" };
    case "appointment_cancelled":
      return { delta: W.appointmentCancelled, reason: "cancelled an appointment" };
    case "appointment_no_show":
      return { delta: W.appointmentNoShow, reason: "missed an appointment" };
    case "no_reply":
      if (event.days >= 30) return { delta: W.noReply30Days, reason: "no reply in 30 days" };
      if (event.days >= 7) return { delta: W.noReply7Days, reason: "no reply in 7 days" };
      return { delta: 0, reason: `no reply in ${Math.floor(event.days)} days` };
    case "negative_sentiment":
      return { delta: W.negativeSentiment, reason: "negative sentiment" };
    case "opted_out":
      return { delta: W.optedOut, reason: "opted out" };
  }
  return { delta: 0, reason: "no effect" };
}

export function stageFor(score: number): TLeadStage {
  return (STAGE_THRESHOLDS.find((t) => score >= t.min) ?? { stage: "cold" as const }).stage;
}

/** "+15: asked for pricing" / "-10: no reply in 7 days" */
export function formatChange(d: TScoreDelta): string {
  return `${d.delta > 0 ? "+" : ""}${d.delta}: ${d.reason}`;
}

/**
 * Apply events in order to the current score. The score never goes below 0; events worth 0
 * produce no change entry.
 */
export function applyScore(current: number, events: readonly TScoreEvent[]): TScoreResult {
  let score = Math.max(0, Math.round(current));
  const changes: TScoreChange[] = [];
  for (const event of events) {
    const d = scoreEvent(event);
    if (d.delta === 0) continue;
    const next = Math.max(0, score + d.delta);
    changes.push({ ...d, applied: next - score, scoreAfter: next, text: formatChange(d), event });
    score = next;
  }
  return { score, stage: stageFor(score), changes };
}
