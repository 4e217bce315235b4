import { z } from "zod";

/**
 * The bot action vocabulary. Both engines (the offline rule engine and Claude with tool use)
 * produce exactly these actions; the conversation flow executes them (send text / interactive
 * list, write the qualification note, book through the appointment use-case, route to a human,
 * mark the contact opted out). An engine never does anything beyond emitting these.
 *
 * Dates are ISO-8601 UTC strings so actions serialise as they are (job payloads, tool arguments).
 */

/** WhatsApp interactive lists carry at most 10 rows in total; row titles ≤ 24 chars, descriptions ≤ 72. */
export const WHATSAPP_LIST_MAX_ROWS = 10;
export const WHATSAPP_LIST_ROW_TITLE_MAX = 24;
export const WHATSAPP_LIST_ROW_DESCRIPTION_MAX = 72;
/** Text message bodies are limited to 4096 characters. */
export const WHATSAPP_TEXT_MAX = 4096;

const ZIsoDateSchema = z.iso.datetime({ offset: true });

export const ZQualificationFieldSchema = z.enum(["need", "budget", "timeline", "decision_role"]);
export type TQualificationField = z.infer<typeof ZQualificationFieldSchema>;

/**
 * Who takes the buying decision: the person chatting (`decision_maker`), together with others
 * (`shared`), or someone else whom they advise (`influencer`).
 */
export const ZDecisionRoleSchema = z.enum(["decision_maker", "shared", "influencer", "unknown"]);
export type TDecisionRole = z.infer<typeof ZDecisionRoleSchema>;

export const ZEscalationReasonSchema = z.enum(["requested", "low_confidence", "repeated_failure", "negative_sentiment"]);
export type TEscalationReason = z.infer<typeof ZEscalationReasonSchema>;

export const ZProposedSlotSchema = z.object({
  /** Row id of the interactive list; comes back as `list_reply.id`. WhatsApp allows ≤ 200 chars. */
  id: z.string().min(1).max(200),
  startsAt: ZIsoDateSchema,
  endsAt: ZIsoDateSchema,
  /** Row title, rendered in the agent's time zone and the user's language. */
  label: z.string().min(1).max(WHATSAPP_LIST_ROW_TITLE_MAX),
  description: z.string().max(WHATSAPP_LIST_ROW_DESCRIPTION_MAX).optional(),
  /** IANA zone the label is rendered in (the agent's); lets the bot understand "kal 11 baje". */
  timeZone: z.string().optional(),
});
export type TProposedSlot = z.infer<typeof ZProposedSlotSchema>;

export const ZReplyActionSchema = z.object({
  type: z.literal("reply"),
  text: z.string().min(1).max(WHATSAPP_TEXT_MAX),
});

/** A question that fills a slot: a qualification field, or which appointment slot to take. */
export const ZAskActionSchema = z.object({
  type: z.literal("ask"),
  field: z.union([ZQualificationFieldSchema, z.literal("slot_choice")]),
  text: z.string().min(1).max(WHATSAPP_TEXT_MAX),
});

export const ZQualifyActionSchema = z.object({
  type: z.literal("qualify"),
  field: ZQualificationFieldSchema,
  /** Human-readable normalised value ("INR 50000", "within 30 days", "decision_maker", free text for need). */
  value: z.string().min(1).max(500),
  /** What the user wrote. */
  raw: z.string().max(1000),
  /** budget: amount in major units, and its ISO-4217 currency. */
  amount: z.number().nonnegative().optional(),
  currency: z.string().length(3).optional(),
  /** timeline: the purchase is expected within this many days. */
  withinDays: z.number().int().nonnegative().optional(),
  /** decision_role */
  role: ZDecisionRoleSchema.optional(),
});

export const ZProposeSlotsActionSchema = z.object({
  type: z.literal("propose_slots"),
  /** Body text of the list message. */
  text: z.string().min(1).max(1024),
  /** Label of the button that opens the list (≤ 20 chars on WhatsApp). */
  button: z.string().min(1).max(20),
  purpose: z.enum(["book", "reschedule"]),
  slots: z.array(ZProposedSlotSchema).min(1).max(WHATSAPP_LIST_MAX_ROWS),
});

export const ZBookActionSchema = z.object({
  type: z.literal("book"),
  slotId: z.string().min(1).max(200),
  startsAt: ZIsoDateSchema,
  endsAt: ZIsoDateSchema,
});

export const ZRescheduleActionSchema = z.object({
  type: z.literal("reschedule"),
  /** The booked appointment; null when the caller has not yet written its id into the state. */
  appointmentId: z.string().min(1).nullable(),
  slotId: z.string().min(1).max(200),
  startsAt: ZIsoDateSchema,
  endsAt: ZIsoDateSchema,
});

export const ZCancelActionSchema = z.object({
  type: z.literal("cancel"),
  appointmentId: z.string().min(1).nullable(),
});

export const ZEscalateActionSchema = z.object({
  type: z.literal("escalate"),
  reason: ZEscalationReasonSchema,
  /** Short hand-off note for the agent (English; agents read it in the inbox). */
  summary: z.string().min(1).max(1000),
});

export const ZOptOutActionSchema = z.object({
  type: z.literal("opt_out"),
  /** The one confirmation sent to the user; after it the bot sends nothing more. */
  confirmation: z.string().min(1).max(WHATSAPP_TEXT_MAX),
});

export const ZBotActionSchema = z.discriminatedUnion("type", [
  ZReplyActionSchema,
  ZAskActionSchema,
  ZQualifyActionSchema,
  ZProposeSlotsActionSchema,
  ZBookActionSchema,
  ZRescheduleActionSchema,
  ZCancelActionSchema,
  ZEscalateActionSchema,
  ZOptOutActionSchema,
]);
export type TBotAction = z.infer<typeof ZBotActionSchema>;
export type TBotActionType = TBotAction["type"];
export type TBotActionOf<K extends TBotActionType> = Extract<TBotAction, { type: K }>;
