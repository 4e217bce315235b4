import { z } from "zod";
import {
  WHATSAPP_LIST_MAX_ROWS,
  ZAskActionSchema,
  ZBookActionSchema,
  ZCancelActionSchema,
  ZEscalateActionSchema,
  ZOptOutActionSchema,
  ZProposedSlotSchema,
  ZProposeSlotsActionSchema,
  ZQualifyActionSchema,
  ZReplyActionSchema,
  ZRescheduleActionSchema,
  type TBotActionType,
} from "../actions";

/**
 * One Claude tool per bot action. The input schemas are the action schemas of lib/bot/actions.ts
 * minus `type` (the tool name is the type), so the model's arguments are validated by the very
 * schemas the rule engine's actions satisfy. Where our code, not the model, owns a value, the tool
 * takes less than the action:
 * - propose_slots takes `slotIds` (from the offered list); the rows are built from our slot data;
 * - book / reschedule take a `slotId`; start/end come from the offered slot (given times must match);
 * - reschedule / cancel act on the conversation's own appointment; an `appointmentId`, if given,
 *   must be that one.
 * All tool inputs are strict: unknown fields are a validation error the model gets to repair.
 */
export const ZReplyToolInputSchema = ZReplyActionSchema.omit({ type: true }).strict();
export const ZAskToolInputSchema = ZAskActionSchema.omit({ type: true }).strict();
export const ZQualifyToolInputSchema = ZQualifyActionSchema.omit({ type: true }).strict();
export const ZProposeSlotsToolInputSchema = ZProposeSlotsActionSchema.omit({ type: true, slots: true })
  .extend({ slotIds: z.array(ZProposedSlotSchema.shape.id).min(1).max(WHATSAPP_LIST_MAX_ROWS) })
  .strict();
export const ZBookToolInputSchema = ZBookActionSchema.omit({ type: true }).partial({ startsAt: true, endsAt: true }).strict();
export const ZRescheduleToolInputSchema = ZRescheduleActionSchema.omit({ type: true })
  .partial({ appointmentId: true, startsAt: true, endsAt: true })
  .strict();
export const ZCancelToolInputSchema = ZCancelActionSchema.omit({ type: true }).partial().strict();
export const ZEscalateToolInputSchema = ZEscalateActionSchema.omit({ type: true }).strict();
export const ZOptOutToolInputSchema = ZOptOutActionSchema.omit({ type: true }).strict();

export const TOOL_INPUT_SCHEMAS = {
  reply: ZReplyToolInputSchema,
  ask: ZAskToolInputSchema,
  qualify: ZQualifyToolInputSchema,
  propose_slots: ZProposeSlotsToolInputSchema,
  book: ZBookToolInputSchema,
  reschedule: ZRescheduleToolInputSchema,
  cancel: ZCancelToolInputSchema,
  escalate: ZEscalateToolInputSchema,
  opt_out: ZOptOutToolInputSchema,
} as const satisfies Record<TBotActionType, z.ZodType>;

export type TToolName = keyof typeof TOOL_INPUT_SCHEMAS;
export type TToolInput<K extends TToolName> = z.infer<(typeof TOOL_INPUT_SCHEMAS)[K]>;

const DESCRIPTIONS: Record<TToolName, string> = {
  reply: "Send a text message to the customer (answers, confirmations). Write it in the customer's language and script.",
  ask: "Ask the customer one question that fills a qualification field (need, budget, timeline, decision_role) or which offered slot they want (slot_choice).",
  qualify:
    "Record a qualification answer the customer gave in this conversation: need (free text), budget (value + amount + ISO currency), timeline (value + withinDays), decision_role (value + role). `raw` is what they wrote.",
  propose_slots:
    "Offer appointment slots as a WhatsApp list. slotIds must be ids from the 'Offered slots' list in the system prompt (at most 10). purpose 'reschedule' only when the conversation already has an appointment.",
  book: "Book the slot the customer chose. slotId must be one of the offered slot ids. Only when the conversation has no appointment yet.",
  reschedule: "Move this conversation's own appointment to another offered slot (slotId from the offered list).",
  cancel: "Cancel this conversation's own appointment.",
  escalate:
    "Hand the conversation to a human agent: when the customer asks for a person, is upset, or you cannot help. summary: a short English note for the agent.",
  opt_out: "The customer asked to stop receiving messages. Send this one confirmation; nothing is sent afterwards.",
};

export interface TToolDefinition {
  name: TToolName;
  description: string;
  input_schema: { type: "object"; [key: string]: unknown };
}

function jsonSchemaOf(schema: z.ZodType): TToolDefinition["input_schema"] {
  // The Messages API wants a JSON Schema object with `type: "object"`; the `$schema` URI is noise.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  if (rest.type !== "object") throw new Error("tool input schema must be an object schema");
  return rest as TToolDefinition["input_schema"];
}

/** The `tools` array sent with every request; built once (it is the same for every turn). */
export const BOT_TOOLS: readonly TToolDefinition[] = (Object.keys(TOOL_INPUT_SCHEMAS) as TToolName[]).map((name) => ({
  name,
  description: DESCRIPTIONS[name],
  input_schema: jsonSchemaOf(TOOL_INPUT_SCHEMAS[name]),
}));

export function isToolName(name: string): name is TToolName {
  return Object.hasOwn(TOOL_INPUT_SCHEMAS, name);
}
