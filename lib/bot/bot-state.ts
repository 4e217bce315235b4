import { z } from "zod";
import { ZClaudeMemorySchema } from "./claude/memory";
import { ZDecisionRoleSchema, ZProposedSlotSchema, ZQualificationFieldSchema, type TQualificationField } from "./actions";
import { ZBotLanguageSchema } from "./language";

/**
 * Per-conversation bot state: a plain JSON object, stored in `Conversation.botData` between turns
 * and shared by both engines (a conversation can switch from Claude to the rule engine mid-way
 * when the API fails).
 */

export const ZQualificationAnswerSchema = z.object({
  value: z.string(),
  raw: z.string(),
  amount: z.number().optional(),
  currency: z.string().optional(),
  withinDays: z.number().optional(),
  role: ZDecisionRoleSchema.optional(),
});
export type TQualificationAnswer = z.infer<typeof ZQualificationAnswerSchema>;

export const ZPendingQuestionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("qualification"), field: ZQualificationFieldSchema }),
  z.object({ kind: z.literal("slot_choice"), purpose: z.enum(["book", "reschedule"]) }),
]);
export type TPendingQuestion = z.infer<typeof ZPendingQuestionSchema>;

export const ZBookedAppointmentSchema = z.object({
  /** Filled in by the booking use-case once the Appointment row exists. */
  appointmentId: z.string().nullable(),
  slotId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  label: z.string(),
});
export type TBookedAppointment = z.infer<typeof ZBookedAppointmentSchema>;

export const ZBotStateSchema = z.object({
  version: z.literal(1).default(1),
  language: ZBotLanguageSchema.nullable().default(null),
  qualification: z.partialRecord(ZQualificationFieldSchema, ZQualificationAnswerSchema).default({}),
  pending: ZPendingQuestionSchema.nullable().default(null),
  /** Consecutive answers to a pending question that could not be parsed (3 → escalate). */
  failures: z.number().int().nonnegative().default(0),
  /** Consecutive messages the engine did not understand (2 → escalate). */
  unknownStreak: z.number().int().nonnegative().default(0),
  lastProposedSlots: z.array(ZProposedSlotSchema).default([]),
  booked: ZBookedAppointmentSchema.nullable().default(null),
  optedOut: z.boolean().default(false),
  /** Set on escalation: a human owns the conversation and the engine stays silent until hand-back. */
  handedOff: z.boolean().default(false),
  turns: z.number().int().nonnegative().default(0),
  /** Turn number of the last qualification question, so the bot does not ask on every turn. */
  lastAskTurn: z.number().int().nullable().default(null),
  /** The Claude engine's bounded history window and running summary (absent for the rule engine). */
  claude: ZClaudeMemorySchema.optional(),
});
export type TBotState = z.infer<typeof ZBotStateSchema>;

/** The state of a conversation the bot has not spoken in yet. */
export function initialBotState(): TBotState {
  return ZBotStateSchema.parse({});
}

/**
 * Read a stored state (e.g. `Conversation.botData`, `{}` for new conversations). Unknown or
 * corrupt data falls back to a fresh state, keeping the safety flags when they can be read.
 */
export function parseBotState(data: unknown): TBotState {
  const parsed = ZBotStateSchema.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  const fresh = initialBotState();
  if (data && typeof data === "object") {
    const d = data as Record<string, unknown>;
    if (d.optedOut === true) fresh.optedOut = true;
    if (d.handedOff === true) fresh.handedOff = true;
  }
  return fresh;
}

/** An agent hands the conversation back to the bot: it speaks again, with a clean failure count. */
export function handBackToBot(state: TBotState): TBotState {
  return { ...state, handedOff: false, failures: 0, unknownStreak: 0, pending: null };
}

export const QUALIFICATION_ORDER: readonly TQualificationField[] = ["need", "budget", "timeline", "decision_role"];

export function nextMissingField(state: TBotState): TQualificationField | null {
  return QUALIFICATION_ORDER.find((f) => state.qualification[f] === undefined) ?? null;
}
