import type { TBotAction } from "./actions";
import type { TBotState } from "./bot-state";
import type { TIntent } from "./intents";
import type { TKnowledgeEntry } from "./knowledge";
import type { TBotLanguage } from "./language";

/** A free appointment slot as lib/appointments/slots.ts produces it. */
export interface TSlotOption {
  id: string;
  startsAt: Date;
  endsAt: Date;
  /** ≤ 24 chars, in the agent's zone and the user's language (WhatsApp list row title). */
  label: string;
  description?: string;
  /** IANA zone the label is rendered in; used to understand "kal 11 baje". Defaults to UTC. */
  timeZone?: string;
}

/** One incoming user message. */
export interface TBotMessage {
  /** Text body, or the title of an interactive reply. */
  text: string;
  /** `list_reply.id` / `button_reply.id` when the user tapped a row or button we sent. */
  replyId?: string;
}

export interface TBotTurnInput {
  message: TBotMessage;
  /** A language hint (e.g. the contact's stored language); detection on the message wins when confident. */
  language?: TBotLanguage;
  state: TBotState;
  knowledge: readonly TKnowledgeEntry[];
  now: Date;
  /** Currently free slots, earliest first (the engine offers at most 10). */
  availableSlots: readonly TSlotOption[];
}

export interface TBotTurnResult {
  actions: TBotAction[];
  /** The new state; the input state is never mutated. */
  state: TBotState;
  /** 0..1: how sure the engine is it understood this message. */
  confidence: number;
  /** The language the replies are in. */
  language: TBotLanguage;
  /** What the engine understood the user wanted (for lead scoring and analytics), when it knows. */
  intent?: TIntent;
  /** Which engine produced the turn: "rule", "claude", "rule_fallback" (Claude failed), "guard". */
  engine?: string;
}

/**
 * One conversational turn. Implementations: the offline rule engine (rule-engine.ts) and Claude
 * (later). Both are pure with respect to the conversation: they read the input, return actions and
 * the next state, and perform no side effects themselves.
 */
export interface BotEngine {
  readonly name: string;
  turn(input: TBotTurnInput): Promise<TBotTurnResult>;
}
