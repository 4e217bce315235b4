import type { TBotAction, TEscalationReason, TProposedSlot, TQualificationField } from "./actions";
import { WHATSAPP_LIST_MAX_ROWS, WHATSAPP_LIST_ROW_TITLE_MAX } from "./actions";
import { nextMissingField, type TBotState, type TQualificationAnswer } from "./bot-state";
import type { BotEngine, TBotTurnInput, TBotTurnResult, TSlotOption } from "./engine";
import { classifyIntent, type TIntent } from "./intents";
import { retrieveKnowledge } from "./knowledge";
import { chooseReplyLanguage, detectLanguage, type TBotLanguage } from "./language";
import { isDontKnow, parseBudget, parseDecisionRole, parseNeed, parseTimeline } from "./qualification";
import { renderReply, type TReplyKey } from "./replies";
import { detectSentiment } from "./sentiment";
import { parseSlotChoice, parseTimeHint, slotsMatchingHint } from "./slot-choice";
import { buildEscalationSummary } from "./summary";

/**
 * The offline rule engine: the embedded default when no Anthropic key is configured, and the
 * fallback when the Claude API fails. Keyword intents and slot filling in English, Hindi and
 * Hinglish; answers come from the knowledge base.
 *
 * Safety by construction: it only ever emits the action vocabulary, only about this conversation
 * (the booked appointment in its own state, the slots it was given), and reads user text purely as
 * data — "ignore previous instructions" or "system:" lines are words like any other.
 */
export interface TRuleEngineOptions {
  /** Shown in the greeting. */
  businessName?: string;
  /** Slots per list (WhatsApp allows 10 rows). */
  maxSlots?: number;
  /** Currency of budgets given without one ("50k"). */
  defaultCurrency?: string;
  /** Knowledge hits below this score are not used as answers. */
  minKnowledgeScore?: number;
}

const INFO_TAGS: Partial<Record<TIntent, string[]>> = {
  pricing: ["pricing", "price", "cost", "fees"],
  hours: ["hours", "timing", "open"],
  location: ["location", "address", "directions"],
};
const ACTION_INTENTS = new Set<TIntent>(["book", "reschedule", "cancel"]);

export function createRuleEngine(options: TRuleEngineOptions = {}): BotEngine {
  const maxSlots = Math.min(options.maxSlots ?? WHATSAPP_LIST_MAX_ROWS, WHATSAPP_LIST_MAX_ROWS);
  const minKnowledgeScore = options.minKnowledgeScore ?? 0.35;
  const business = options.businessName ?? "us";

  return {
    name: "rules",
    async turn(input: TBotTurnInput): Promise<TBotTurnResult> {
      return ruleTurn(input, { maxSlots, minKnowledgeScore, business, defaultCurrency: options.defaultCurrency ?? "INR" });
    },
  };
}

interface TCtx {
  maxSlots: number;
  minKnowledgeScore: number;
  business: string;
  defaultCurrency: string;
}

/** Mutable working set of one turn. */
interface TTurn {
  input: TBotTurnInput;
  ctx: TCtx;
  state: TBotState;
  lang: TBotLanguage;
  text: string;
  actions: TBotAction[];
  confidence: number;
  intent?: TIntent;
}

function ruleTurn(input: TBotTurnInput, ctx: TCtx): TBotTurnResult {
  const state: TBotState = structuredClone(input.state);
  state.turns += 1;
  const text = input.message.text ?? "";
  const detection = detectLanguage(text);
  const lang = chooseReplyLanguage(detection, state.language ?? input.language);
  const t: TTurn = { input, ctx, state, lang, text, actions: [], confidence: 0 };

  // After "stop" the bot never speaks again.
  if (state.optedOut) return result(t, 1);
  state.language = lang;

  const intent = classifyIntent(text);
  if (intent.intent !== "unknown") t.intent = intent.intent;
  // While a human owns the conversation the bot stays silent — except that an opt-out is still
  // recorded (the contact's "stop" must hold whoever is answering).
  if (state.handedOff && intent.intent !== "stop") return result(t, 1);
  if (intent.intent === "stop") {
    state.optedOut = true;
    state.pending = null;
    state.lastProposedSlots = [];
    t.actions.push({ type: "opt_out", confirmation: renderReply("opt_out", lang) });
    return result(t, intent.confidence);
  }
  const sentiment = detectSentiment(text);
  if (sentiment.label === "negative") return escalate(t, "negative_sentiment", 0.9, `matched: ${sentiment.matches.join(", ")}`);
  if (intent.intent === "human") return escalate(t, "requested", intent.confidence);

  const pending = state.pending;
  if (pending?.kind === "slot_choice") {
    const free = input.availableSlots.filter((s) => s.id !== state.booked?.slotId).map(toProposed);
    const choice = parseSlotChoice(input.message, state.lastProposedSlots, input.now, free);
    if (choice.kind === "chosen") return takeSlot(t, choice.slot, pending.purpose);
    if (choice.kind === "ambiguous") {
      proposeSlots(t, pending.purpose, choice.candidates.slice(0, t.ctx.maxSlots).map((c) => c.id));
      return result(t, 0.7);
    }
    if (choice.kind === "no_match" || intent.intent === "unknown") return failedAnswer(t, "slot_choice");
    // Otherwise the user moved on (asked the price, wants to cancel…): handle that instead.
  }

  if (pending?.kind === "qualification" && !ACTION_INTENTS.has(intent.intent)) {
    const answer = parseQualification(pending.field, text, ctx.defaultCurrency);
    if (answer) {
      recordAnswer(t, pending.field, answer);
      state.pending = null;
      state.failures = 0;
      state.unknownStreak = 0;
      askNext(t, true);
      return result(t, 0.9);
    }
    if (intent.intent === "unknown") {
      // A question of their own ("do you offer a trial?") is answered if the KB knows it; only
      // otherwise is it a failed answer.
      if (looksLikeQuestion(text) && knowledgeHit(t)) return unknownMessage(t);
      return failedAnswer(t, pending.field);
    }
  }

  // Volunteered budgets ("our budget is 2 lakh, what's the price?") are captured on the way.
  if (state.qualification.budget === undefined && pending?.kind !== "slot_choice") {
    const budget = parseBudget(text, { defaultCurrency: ctx.defaultCurrency, requireMarker: true });
    if (budget) recordAnswer(t, "budget", { value: budget.value, raw: text, amount: budget.amount, currency: budget.currency });
  }

  if (intent.intent !== "unknown") state.unknownStreak = 0;
  switch (intent.intent) {
    case "greeting":
      reply(t, "greeting", { business: ctx.business });
      askNext(t, false);
      return result(t, intent.confidence);
    case "thanks":
      reply(t, "thanks");
      return result(t, intent.confidence);
    case "pricing":
    case "hours":
    case "location":
      answerFromKnowledge(t, intent.intent);
      askNext(t, false);
      return result(t, intent.confidence);
    case "book":
      if (state.booked) reply(t, "already_booked", { label: state.booked.label });
      else proposeSlots(t, "book");
      return result(t, intent.confidence);
    case "reschedule":
      if (!state.booked) {
        reply(t, "no_appointment");
        proposeSlots(t, "book");
      } else proposeSlots(t, "reschedule");
      return result(t, intent.confidence);
    case "cancel":
      if (!state.booked) reply(t, "no_appointment");
      else {
        t.actions.push({ type: "cancel", appointmentId: state.booked.appointmentId });
        reply(t, "cancelled", { label: state.booked.label });
        state.booked = null;
        if (state.pending?.kind === "slot_choice") state.pending = null;
        state.lastProposedSlots = [];
      }
      return result(t, intent.confidence);
    default:
      return unknownMessage(t);
  }
}

function result(t: TTurn, confidence: number): TBotTurnResult {
  return {
    actions: t.actions,
    state: t.state,
    confidence: Math.round(confidence * 100) / 100,
    language: t.lang,
    ...(t.intent ? { intent: t.intent } : {}),
  };
}

function reply(t: TTurn, key: TReplyKey, params?: Record<string, string | number>): void {
  t.actions.push({ type: "reply", text: renderReply(key, t.lang, params) });
}

function escalate(t: TTurn, reason: TEscalationReason, confidence: number, detail?: string): TBotTurnResult {
  reply(t, reason === "negative_sentiment" ? "escalate_sentiment" : "escalate");
  t.actions.push({ type: "escalate", reason, summary: buildEscalationSummary(reason, t.state, t.text, detail) });
  t.state.handedOff = true;
  t.state.pending = null;
  t.state.failures = 0;
  t.state.unknownStreak = 0;
  return result(t, confidence);
}

function knowledgeHit(t: TTurn) {
  return retrieveKnowledge(t.input.knowledge, { query: t.text, language: t.lang, limit: 1, minScore: t.ctx.minKnowledgeScore })[0];
}

function unknownMessage(t: TTurn): TBotTurnResult {
  const hit = knowledgeHit(t);
  if (hit) {
    t.state.unknownStreak = 0;
    pushKnowledgeAnswer(t, hit.entry.answer, hit.entry.language);
    return result(t, Math.min(0.9, hit.score));
  }
  t.state.unknownStreak += 1;
  if (t.state.unknownStreak >= 2) return escalate(t, "low_confidence", 0.1);
  reply(t, "fallback_unknown");
  return result(t, 0.1);
}

function answerFromKnowledge(t: TTurn, intent: TIntent): void {
  const hit = retrieveKnowledge(t.input.knowledge, {
    query: t.text,
    language: t.lang,
    tags: INFO_TAGS[intent] ?? [],
    limit: 1,
    minScore: t.ctx.minKnowledgeScore,
  })[0];
  if (hit) pushKnowledgeAnswer(t, hit.entry.answer, hit.entry.language);
  else reply(t, "no_info");
}

/** Answers stay in the user's script: an entry in another script gets a one-line note in the user's language. */
function pushKnowledgeAnswer(t: TTurn, answer: string, entryLanguage: TBotLanguage): void {
  // An English reader is fine with a Hinglish entry (same script); other mismatches get the note.
  if (entryLanguage === t.lang || (t.lang === "en" && entryLanguage === "hinglish")) t.actions.push({ type: "reply", text: answer });
  else reply(t, "kb_other_language", { answer });
}

// ——— qualification ———

function parseQualification(field: TQualificationField, text: string, defaultCurrency: string): TQualificationAnswer | null {
  if (field === "budget") {
    const b = parseBudget(text, { defaultCurrency });
    if (b) return { value: b.value, raw: text, amount: b.amount, currency: b.currency };
  } else if (field === "timeline") {
    const tl = parseTimeline(text);
    if (tl) return { value: tl.value, raw: text, withinDays: tl.withinDays };
  } else if (field === "decision_role") {
    const r = parseDecisionRole(text);
    if (r) return { value: r.value, raw: text, role: r.role };
  }
  if (isDontKnow(text)) return { value: "unknown", raw: text, ...(field === "decision_role" ? { role: "unknown" as const } : {}) };
  if (field === "need") {
    const need = parseNeed(text);
    if (need && !looksLikeQuestion(text) && classifyIntent(text).intent === "unknown") return { value: need, raw: text };
  }
  return null;
}

function recordAnswer(t: TTurn, field: TQualificationField, answer: TQualificationAnswer): void {
  t.state.qualification[field] = answer;
  t.actions.push({
    type: "qualify",
    field,
    value: answer.value,
    raw: answer.raw.slice(0, 1000),
    ...(answer.amount !== undefined ? { amount: answer.amount } : {}),
    ...(answer.currency !== undefined ? { currency: answer.currency } : {}),
    ...(answer.withinDays !== undefined ? { withinDays: answer.withinDays } : {}),
    ...(answer.role !== undefined ? { role: answer.role } : {}),
  });
}

/**
 * Ask the next missing qualification question at a natural moment: right after an answer
 * (`afterAnswer`), or after a greeting/informational reply unless the bot asked last turn too.
 * Never while the user is choosing a slot.
 */
function askNext(t: TTurn, afterAnswer: boolean): void {
  const { state } = t;
  if (state.pending?.kind === "slot_choice") return;
  const field = nextMissingField(state);
  if (!field) {
    if (afterAnswer) reply(t, "qualified_done");
    return;
  }
  if (!afterAnswer && state.lastAskTurn !== null && state.lastAskTurn === state.turns - 1) return;
  const question = renderReply(`ask_${field}`, t.lang);
  const text = afterAnswer ? `${renderReply("qualified_ack", t.lang)} ${question}` : question;
  t.actions.push({ type: "ask", field, text });
  state.pending = { kind: "qualification", field };
  state.lastAskTurn = state.turns;
}

/** An answer to a pending question that could not be understood; the third in a row escalates. */
function failedAnswer(t: TTurn, field: TQualificationField | "slot_choice"): TBotTurnResult {
  t.state.failures += 1;
  if (t.state.failures >= 3) return escalate(t, "repeated_failure", 0.2);
  const text =
    field === "slot_choice"
      ? renderReply("slot_not_understood", t.lang, { count: t.state.lastProposedSlots.length })
      : renderReply("retry_question", t.lang, { question: renderReply(`ask_${field}`, t.lang) });
  t.actions.push({ type: "ask", field, text });
  return result(t, 0.2);
}

const QUESTION_START = /^(?:what|which|who|whom|whose|why|how|when|where|do|does|did|is|are|can|could|will|would|should|may|kya|kaun|kaise|kab|kahan|kyun|क्या|कौन|कैसे|कब|कहाँ|कहां|क्यों)(?![\p{L}\p{M}])/u;

/** "Do you offer a trial?" / "kya GST bill milega" — a question, not an answer. */
function looksLikeQuestion(text: string): boolean {
  const s = text.trim().toLowerCase();
  return s.endsWith("?") || QUESTION_START.test(s);
}

// ——— appointments ———

function toProposed(slot: TSlotOption): TProposedSlot {
  return {
    id: slot.id,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    label: slot.label.length > WHATSAPP_LIST_ROW_TITLE_MAX ? slot.label.slice(0, WHATSAPP_LIST_ROW_TITLE_MAX) : slot.label,
    ...(slot.description ? { description: slot.description.slice(0, 72) } : {}),
    ...(slot.timeZone ? { timeZone: slot.timeZone } : {}),
  };
}

/**
 * Offer free slots as a list (≤ 10 rows). A day/time in the message ("kal appointment chahiye")
 * narrows the offer when any slot fits. `onlyIds` restricts to slots the user narrowed down to.
 */
function proposeSlots(t: TTurn, purpose: "book" | "reschedule", onlyIds?: string[]): void {
  const { state, input } = t;
  let slots = input.availableSlots.filter((s) => s.id !== state.booked?.slotId);
  if (onlyIds) {
    const narrowed = slots.filter((s) => onlyIds.includes(s.id));
    if (narrowed.length > 0) slots = narrowed;
  } else {
    const hint = parseTimeHint(t.text);
    if (hint) {
      const matching = slotsMatchingHint(slots, hint, input.now);
      if (matching.length > 0) slots = matching;
    }
  }
  const offered = slots.slice(0, t.ctx.maxSlots).map(toProposed);
  if (offered.length === 0) {
    reply(t, "no_slots");
    if (state.pending?.kind === "slot_choice") state.pending = null;
    state.lastProposedSlots = [];
    return;
  }
  const text =
    purpose === "reschedule" && state.booked
      ? renderReply("propose_reschedule", t.lang, { label: state.booked.label })
      : renderReply("propose_book", t.lang);
  t.actions.push({ type: "propose_slots", text, button: renderReply("slots_button", t.lang), purpose, slots: offered });
  state.pending = { kind: "slot_choice", purpose };
  state.lastProposedSlots = offered;
}

function takeSlot(t: TTurn, chosen: TProposedSlot, purpose: "book" | "reschedule"): TBotTurnResult {
  const { state, input } = t;
  // The offer may be stale: someone else may have booked this slot since. Re-offer what is free now.
  const stillFree = input.availableSlots.find((s) => s.id === chosen.id || s.startsAt.toISOString() === chosen.startsAt);
  if (!stillFree) {
    reply(t, "slot_taken");
    proposeSlots(t, purpose, undefined);
    return result(t, 0.8);
  }
  const slot = toProposed(stillFree);
  if (purpose === "reschedule" && state.booked) {
    t.actions.push({ type: "reschedule", appointmentId: state.booked.appointmentId, slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt });
    state.booked = { appointmentId: state.booked.appointmentId, slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, label: slot.label };
    reply(t, "rescheduled", { label: slot.label });
  } else {
    t.actions.push({ type: "book", slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt });
    state.booked = { appointmentId: null, slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, label: slot.label };
    reply(t, "booked", { label: slot.label });
  }
  state.pending = null;
  state.failures = 0;
  state.unknownStreak = 0;
  state.lastProposedSlots = [];
  askNext(t, false);
  return result(t, 0.95);
}
