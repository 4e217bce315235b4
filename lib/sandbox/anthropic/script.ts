import type { TAnthropicErrorType, TMessagesRequest } from "./wire";

/**
 * What the fake answers, one step per (valid) request: a model message, an API error, or a raw
 * (possibly malformed) body. A step may be a function of the request, e.g. to pick a slot id the
 * app offered in the system prompt. `times` repeats a step (e.g. three 429s in a row).
 */
export type TFakeBlock = { type: "text"; text: string } | { type: "tool_use"; name: string; input: Record<string, unknown>; id?: string };

export interface TFakeMessageStep {
  content: TFakeBlock[];
  /** Defaults to "tool_use" when the content has a tool_use block, else "end_turn". */
  stop_reason?: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence";
  delayMs?: number;
  times?: number;
}

export interface TFakeErrorStep {
  error: TAnthropicErrorType;
  message?: string;
  /** `retry-after` header, in seconds (the API sends whole seconds; fractions keep tests fast). */
  retryAfter?: number;
  delayMs?: number;
  times?: number;
}

export interface TFakeRawStep {
  raw: string;
  status?: number;
  contentType?: string;
  delayMs?: number;
  times?: number;
}

export type TFakeStaticStep = TFakeMessageStep | TFakeErrorStep | TFakeRawStep;
export type TFakeStep = TFakeStaticStep | ((request: TMessagesRequest) => TFakeStaticStep);

export const text = (t: string): TFakeBlock => ({ type: "text", text: t });
export const toolUse = (name: string, input: Record<string, unknown>): TFakeBlock => ({ type: "tool_use", name, input });

/** A model turn that calls these tools. */
export const callTools = (...blocks: TFakeBlock[]): TFakeMessageStep => ({ content: blocks });
/** A model turn that ends with text. */
export const say = (t: string): TFakeMessageStep => ({ content: [text(t)], stop_reason: "end_turn" });
export const apiError = (error: TAnthropicErrorType, extra: Omit<TFakeErrorStep, "error"> = {}): TFakeErrorStep => ({ error, ...extra });

/** Slots the app listed in the system prompt ("- slot_id: <id> | <label> | <start>"), in order. */
export function offeredSlotIds(request: TMessagesRequest): string[] {
  const system = typeof request.system === "string" ? request.system : (request.system ?? []).map((b) => b.text).join("\n");
  return [...system.matchAll(/^- slot_id: (\S+) \|/gm)].map((m) => m[1]!);
}

export function systemText(request: TMessagesRequest): string {
  return typeof request.system === "string" ? request.system : (request.system ?? []).map((b) => b.text).join("\n");
}
