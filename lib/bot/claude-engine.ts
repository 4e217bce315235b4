import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import type { ContentBlock, Message, MessageParam, ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { AppError } from "@/lib/core/app-error";
import { logger } from "@/lib/core/logger";
import { WHATSAPP_LIST_MAX_ROWS, WHATSAPP_LIST_ROW_TITLE_MAX, WHATSAPP_TEXT_MAX, type TBotAction, type TProposedSlot } from "./actions";
import { applyToolCall, type TToolWork } from "./claude/apply-tool-call";
import { readClaudeConfig, type TClaudeConfig } from "./claude/config";
import { readMemory, rememberTurn, type TClaudeBotState } from "./claude/memory";
import { buildMessages, buildSystemPrompt, type TPromptProfile } from "./claude/prompt";
import { BOT_TOOLS } from "./claude/tools";
import type { BotEngine, TBotTurnInput, TBotTurnResult, TSlotOption } from "./engine";
import { classifyIntent } from "./intents";
import { retrieveKnowledge } from "./knowledge";
import { chooseReplyLanguage, detectLanguage } from "./language";
import { createRuleEngine, type TRuleEngineOptions } from "./rule-engine";

/**
 * The Claude engine: one bot turn through the Messages API with tool use (one tool per bot action,
 * see claude/tools.ts), via the real `@anthropic-ai/sdk`.
 *
 *   request → tool_use blocks → our validation and scope checks (claude/apply-tool-call.ts)
 *   → tool_result blocks (is_error with the reason when refused) → … → final text (≤ 3 requests)
 *
 * The first refused/invalid round is sent back for repair; a second one abandons the turn. Any API
 * failure — 5xx, 429 after the SDK's retries, 529 overloaded, 401, timeout, a malformed body — and
 * an abandoned turn fall back to the rule engine for this turn; the result says so in `engine`.
 * The turn is atomic: actions of an abandoned Claude attempt are discarded, never half-applied.
 */

/** Which path produced a turn (for logs and metrics). */
export type TEngineRoute =
  /** Claude answered through its tools. */
  | "claude"
  /** Opted out or handed off: the rule engine's guard handled it without calling the API. */
  | "guard"
  /** The API failed (or the model could not produce valid tool calls): the rule engine answered. */
  | "rule_fallback";

export type TFallbackReason =
  | "timeout"
  | "connection"
  | "rate_limited"
  | "overloaded"
  | "server_error"
  | "auth"
  | "bad_request"
  | "malformed"
  | "invalid_tool_input"
  | "no_reply";

export interface TClaudeTurnResult extends TBotTurnResult {
  engine: TEngineRoute;
  fallbackReason?: TFallbackReason;
  /** Messages API requests made (excluding the SDK's retries). */
  requests: number;
}

export interface TClaudeEngineOptions extends Partial<TClaudeConfig> {
  profile?: Partial<TPromptProfile>;
  /** Options of the rule engine used as fallback (and the guard). */
  rules?: TRuleEngineOptions;
  /** The fallback engine; defaults to the rule engine. */
  fallback?: BotEngine;
  maxTokens?: number;
  /** Custom fetch for the SDK (instrumentation in the benchmark). */
  fetch?: typeof fetch;
  /** Slots listed to the model per turn (besides those offered earlier and still free). */
  maxSlots?: number;
}

export interface ClaudeEngine extends BotEngine {
  turn(input: TBotTurnInput): Promise<TClaudeTurnResult>;
}

const MAX_REQUESTS = 3;
const DEFAULT_PERSONA = "You are friendly, brief and helpful, and you help customers learn about the offer, get qualified and book a meeting with the sales team.";

export function createClaudeEngine(options: TClaudeEngineOptions = {}): ClaudeEngine {
  const config = { ...readClaudeConfig(), ...definedOnly(options) };
  const client = new Anthropic({
    apiKey: config.apiKey ?? null,
    baseURL: config.baseURL ?? null,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const fallback = options.fallback ?? createRuleEngine(options.rules);
  const profile: TPromptProfile = {
    businessName: options.profile?.businessName ?? options.rules?.businessName ?? "our company",
    persona: options.profile?.persona ?? DEFAULT_PERSONA,
    ...(options.profile?.businessProfile ? { businessProfile: options.profile.businessProfile } : {}),
  };
  const maxTokens = options.maxTokens ?? 1024;
  const maxSlots = Math.min(options.maxSlots ?? WHATSAPP_LIST_MAX_ROWS, WHATSAPP_LIST_MAX_ROWS);

  async function viaFallback(input: TBotTurnInput, route: TEngineRoute, requests: number, reason?: TFallbackReason): Promise<TClaudeTurnResult> {
    const r = await fallback.turn(input);
    const state: TClaudeBotState = { ...r.state, claude: rememberTurn(readMemory(input.state), input.message.text, r.actions) };
    return { ...r, state, engine: route, requests, ...(reason ? { fallbackReason: reason } : {}) };
  }

  return {
    name: "claude",
    async turn(input) {
      // After "stop" or while a human owns the conversation the model is not asked at all: the
      // rule engine's guard keeps the bot silent (and still records a "stop").
      if (input.state.optedOut || input.state.handedOff) return viaFallback(input, "guard", 0);
      const attempt = { requests: 0 };
      try {
        return await claudeTurn(input, attempt);
      } catch (err) {
        const reason = classifyFailure(err);
        logger.warn({ err: err instanceof Error ? err.message : String(err), reason, requests: attempt.requests }, "claude turn failed; rule engine answers this turn");
        return viaFallback(input, "rule_fallback", attempt.requests, reason);
      }
    },
  };

  async function claudeTurn(input: TBotTurnInput, attempt: { requests: number }): Promise<TClaudeTurnResult> {
    const state: TClaudeBotState = structuredClone(input.state);
    state.turns += 1;
    const text = input.message.text ?? "";
    const language = chooseReplyLanguage(detectLanguage(text), state.language ?? input.language);
    state.language = language;
    const memory = readMemory(state);
    const offered = offeredSlots(input, state, maxSlots);
    const system = buildSystemPrompt({
      profile,
      language,
      now: input.now,
      state,
      knowledge: retrieveKnowledge(input.knowledge, { query: text, language, limit: 4, minScore: 0.2 }),
      offeredSlots: offered,
      memory,
    });
    const messages: MessageParam[] = buildMessages(memory, input.message);
    const work: TToolWork = { state, actions: [], offered: new Map(offered.map((s) => [s.id, s])), appointmentChanged: false };

    let refusedRounds = 0;
    let finalText = "";
    for (let round = 1; round <= MAX_REQUESTS; round++) {
      attempt.requests = round;
      const response = await client.messages.create({
        model: config.model,
        max_tokens: maxTokens,
        system,
        messages,
        tools: BOT_TOOLS as Anthropic.Tool[],
        tool_choice: { type: "auto" },
      });
      const content = checkResponse(response);
      const toolUses = content.filter((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
      if (response.stop_reason !== "tool_use" || toolUses.length === 0) {
        if (response.stop_reason === "max_tokens") throw malformed("response cut off at max_tokens");
        finalText = content
          .filter((b): b is Anthropic.TextBlock => b.type === "text")
          .map((b) => b.text)
          .join("\n")
          .trim();
        break;
      }
      const results: ToolResultBlockParam[] = [];
      let refused = false;
      for (const use of toolUses) {
        const outcome = applyToolCall(work, use.name, use.input);
        if (outcome.ok) results.push({ type: "tool_result", tool_use_id: use.id, content: outcome.result });
        else {
          refused = true;
          results.push({ type: "tool_result", tool_use_id: use.id, content: outcome.message, is_error: true });
        }
      }
      if (refused && ++refusedRounds > 1) {
        throw new AppError("PROVIDER_ERROR", { message: "claude: tool input refused twice", details: { reason: "invalid_tool_input" } });
      }
      // The assistant turn goes back verbatim, followed by one tool_result per tool_use id.
      messages.push({ role: "assistant", content: content as Anthropic.ContentBlockParam[] }, { role: "user", content: results });
    }

    const actions = work.actions;
    if (finalText) {
      const speaks = actions.some((a) => a.type === "reply" || a.type === "ask" || a.type === "propose_slots" || a.type === "opt_out");
      if (!speaks) {
        // The closing text is what the customer reads (e.g. "Booked for Mon 11:00"); a hand-off
        // note goes before the escalate action, as the rule engine orders it.
        const reply: TBotAction = { type: "reply", text: finalText.slice(0, WHATSAPP_TEXT_MAX) };
        const at = actions.findIndex((a) => a.type === "escalate");
        if (at >= 0) actions.splice(at, 0, reply);
        else actions.push(reply);
      }
    }
    if (!actions.some((a) => a.type === "reply" || a.type === "ask" || a.type === "propose_slots" || a.type === "opt_out")) {
      throw new AppError("PROVIDER_ERROR", { message: "claude: turn ended without a message for the customer", details: { reason: "no_reply" } });
    }
    state.failures = 0;
    state.unknownStreak = 0;
    state.claude = rememberTurn(memory, text, actions);
    const intent = classifyIntent(text).intent;
    const escalation = actions.find((a) => a.type === "escalate");
    return {
      actions,
      state,
      confidence: escalation?.type === "escalate" && escalation.reason === "low_confidence" ? 0.2 : 0.9,
      language,
      ...(intent !== "unknown" ? { intent } : {}),
      engine: "claude",
      requests: attempt.requests,
    };
  }
}

function definedOnly(options: TClaudeEngineOptions): Partial<TClaudeConfig> {
  const out: Partial<TClaudeConfig> = {};
  for (const key of ["apiKey", "model", "baseURL", "timeoutMs", "maxRetries"] as const) {
    if (options[key] !== undefined) (out as Record<string, unknown>)[key] = options[key];
  }
  return out;
}

const malformed = (message: string) => new AppError("PROVIDER_ERROR", { message: `claude: ${message}`, details: { reason: "malformed" } });

/** The SDK does not validate bodies: a proxy or a broken deployment can hand us anything. */
function checkResponse(response: Message): ContentBlock[] {
  if (!response || typeof response !== "object" || !Array.isArray(response.content)) throw malformed("response has no content array");
  for (const block of response.content) {
    if (!block || typeof block !== "object" || typeof block.type !== "string") throw malformed("content block without a type");
    if (block.type === "tool_use" && (typeof block.id !== "string" || typeof block.name !== "string")) throw malformed("tool_use block without id or name");
    if (block.type === "text" && typeof block.text !== "string") throw malformed("text block without text");
  }
  return response.content;
}

function classifyFailure(err: unknown): TFallbackReason {
  if (err instanceof AppError) {
    const reason = (err.details as { reason?: TFallbackReason } | undefined)?.reason;
    return reason ?? "malformed";
  }
  if (err instanceof APIConnectionTimeoutError) return "timeout";
  if (err instanceof APIConnectionError) return "connection";
  if (err instanceof APIError) {
    if (err.status === 429) return "rate_limited";
    if (err.status === 529) return "overloaded";
    if (err.status === 401 || err.status === 403) return "auth";
    if (err.status !== undefined && err.status >= 500) return "server_error";
    return "bad_request";
  }
  // JSON parse failures of a 200 body and the like.
  return "malformed";
}

function toProposed(slot: TSlotOption): TProposedSlot {
  return {
    id: slot.id,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    label: slot.label.slice(0, WHATSAPP_LIST_ROW_TITLE_MAX),
    ...(slot.description ? { description: slot.description.slice(0, 72) } : {}),
    ...(slot.timeZone ? { timeZone: slot.timeZone } : {}),
  };
}

/**
 * The slots the model may use this turn: the ones offered earlier that are still free (so "the
 * second one" still resolves), then the earliest free ones. Never the conversation's own booked slot.
 */
function offeredSlots(input: TBotTurnInput, state: TClaudeBotState, max: number): TProposedSlot[] {
  const free = input.availableSlots.filter((s) => s.id !== state.booked?.slotId);
  const byId = new Map(free.map((s) => [s.id, s]));
  const out = new Map<string, TProposedSlot>();
  for (const p of state.lastProposedSlots) {
    const s = byId.get(p.id);
    if (s) out.set(s.id, toProposed(s));
  }
  for (const s of free.slice(0, max)) if (!out.has(s.id)) out.set(s.id, toProposed(s));
  return [...out.values()];
}
