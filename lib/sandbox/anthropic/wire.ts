import { z } from "zod";

/**
 * Anthropic Messages API wire format, as the fake checks it (POST /v1/messages, non-streaming).
 * Errors are `{ type: "error", error: { type, message }, request_id }` with these statuses; the SDK
 * maps status → error class and retries 408/409/429/5xx (529 = overloaded) honouring `retry-after`.
 */
export const ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
} as const;
export type TAnthropicErrorType = keyof typeof ERROR_STATUS;

export function errorBody(type: TAnthropicErrorType, message: string, requestId: string) {
  return { type: "error", error: { type, message }, request_id: requestId };
}

const ZTextBlockSchema = z.object({ type: z.literal("text"), text: z.string().min(1, "text content blocks must be non-empty"), cache_control: z.unknown().optional(), citations: z.unknown().optional() }).strict();
const ZToolUseBlockSchema = z.object({ type: z.literal("tool_use"), id: z.string().regex(/^[a-zA-Z0-9_-]+$/), name: z.string().min(1), input: z.record(z.string(), z.unknown()), cache_control: z.unknown().optional() }).strict();
const ZToolResultBlockSchema = z
  .object({
    type: z.literal("tool_result"),
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), z.array(ZTextBlockSchema)]).optional(),
    is_error: z.boolean().optional(),
    cache_control: z.unknown().optional(),
  })
  .strict();
const ZImageBlockSchema = z.object({ type: z.literal("image"), source: z.unknown(), cache_control: z.unknown().optional() }).strict();
const ZContentBlockSchema = z.discriminatedUnion("type", [ZTextBlockSchema, ZToolUseBlockSchema, ZToolResultBlockSchema, ZImageBlockSchema]);

const ZMessageSchema = z
  .object({
    role: z.enum(["user", "assistant"]),
    content: z.union([z.string(), z.array(ZContentBlockSchema).min(1)]),
  })
  .strict();

const ZToolSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"),
    description: z.string().optional(),
    input_schema: z.object({ type: z.literal("object") }).loose(),
    cache_control: z.unknown().optional(),
    type: z.literal("custom").optional(),
  })
  .strict();

export const ZMessagesRequestSchema = z
  .object({
    model: z.string().min(1),
    max_tokens: z.number().int().min(1),
    messages: z.array(ZMessageSchema).min(1),
    system: z.union([z.string(), z.array(ZTextBlockSchema)]).optional(),
    tools: z.array(ZToolSchema).optional(),
    tool_choice: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }).strict(),
        z.object({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }).strict(),
        z.object({ type: z.literal("none") }).strict(),
        z.object({ type: z.literal("tool"), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }).strict(),
      ])
      .optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().optional(),
    top_k: z.number().int().optional(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z.boolean().optional(),
    metadata: z.object({ user_id: z.string().nullable().optional() }).strict().optional(),
    thinking: z.unknown().optional(),
    service_tier: z.enum(["auto", "standard_only"]).optional(),
  })
  .strict();
export type TMessagesRequest = z.infer<typeof ZMessagesRequestSchema>;
export type TContentBlock = z.infer<typeof ZContentBlockSchema>;

const blocksOf = (content: string | TContentBlock[]): TContentBlock[] => (typeof content === "string" ? [{ type: "text", text: content }] : content);

/** Validate a request body; returns the parsed request or the API's error message. */
export function validateMessagesRequest(body: unknown): { ok: true; request: TMessagesRequest } | { ok: false; message: string } {
  const parsed = ZMessagesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join(".");
    const message = issue.code === "unrecognized_keys" ? `${[path, ...issue.keys].filter(Boolean).join(".")}: Extra inputs are not permitted` : `${path || "body"}: ${issue.message}`;
    return { ok: false, message };
  }
  const req = parsed.data;
  if (req.stream) return { ok: false, message: "stream: the fake Messages API serves non-streaming requests only" };
  if (req.messages[0]!.role !== "user") return { ok: false, message: 'messages: first message must use the "user" role' };
  if (typeof req.messages[0]!.content === "string" && req.messages[0]!.content.length === 0) return { ok: false, message: "messages.0.content: text content must be non-empty" };
  for (let i = 1; i < req.messages.length; i++) {
    if (req.messages[i]!.role === req.messages[i - 1]!.role) {
      return { ok: false, message: `messages: roles must alternate between "user" and "assistant", but found multiple "${req.messages[i]!.role}" roles in a row` };
    }
  }
  const names = new Set<string>();
  for (const tool of req.tools ?? []) {
    if (names.has(tool.name)) return { ok: false, message: "tools: Tool names must be unique." };
    names.add(tool.name);
  }
  if (req.tool_choice?.type === "tool" && !names.has(req.tool_choice.name)) return { ok: false, message: `tool_choice.name: tool "${req.tool_choice.name}" not found in tools` };
  // tool_use ↔ tool_result pairing: every tool_use id needs a tool_result at the start of the very
  // next (user) message, and every tool_result must answer a tool_use of the previous message.
  for (let i = 0; i < req.messages.length; i++) {
    const msg = req.messages[i]!;
    const blocks = blocksOf(msg.content);
    if (msg.role === "assistant") {
      if (blocks.some((b) => b.type === "tool_result")) return { ok: false, message: `messages.${i}: tool_result blocks are only allowed in user messages` };
      const ids = blocks.filter((b) => b.type === "tool_use").map((b) => (b as { id: string }).id);
      if (ids.length === 0) continue;
      const next = req.messages[i + 1];
      const answered = new Set(next ? blocksOf(next.content).filter((b) => b.type === "tool_result").map((b) => (b as { tool_use_id: string }).tool_use_id) : []);
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return {
          ok: false,
          message: `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        };
      }
      if (next) {
        const nb = blocksOf(next.content);
        const firstNonResult = nb.findIndex((b) => b.type !== "tool_result");
        if (firstNonResult >= 0 && nb.slice(firstNonResult).some((b) => b.type === "tool_result")) {
          return { ok: false, message: `messages.${i + 1}: tool_result blocks must come first in the message content` };
        }
      }
    } else {
      const prev = req.messages[i - 1];
      const offered = new Set(prev ? blocksOf(prev.content).filter((b) => b.type === "tool_use").map((b) => (b as { id: string }).id) : []);
      for (let j = 0; j < blocks.length; j++) {
        const b = blocks[j]!;
        if (b.type === "tool_result" && !offered.has(b.tool_use_id)) {
          return {
            ok: false,
            message: `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${b.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          };
        }
      }
    }
  }
  if (req.messages.at(-1)!.role !== "user") {
    // Prefill (ending on an assistant turn) is legal on the real API; the fake has no model to continue it.
    return { ok: false, message: "messages: the fake Messages API needs the last message to be a user message" };
  }
  return { ok: true, request: req };
}

/** Plain text of a message's content (text blocks and tool_result texts). */
export function textOf(content: string | TContentBlock[]): string {
  return blocksOf(content)
    .map((b) => (b.type === "text" ? b.text : b.type === "tool_result" ? (typeof b.content === "string" ? b.content : (b.content ?? []).map((c) => c.text).join("\n")) : ""))
    .filter(Boolean)
    .join("\n");
}
