import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { BodyTooLargeError, readBody } from "../http";
import { policyResponse } from "./policy";
import type { TFakeBlock, TFakeStaticStep, TFakeStep } from "./script";
import { ERROR_STATUS, errorBody, validateMessagesRequest, type TAnthropicErrorType, type TMessagesRequest } from "./wire";

/**
 * A fake Anthropic Messages API over real HTTP, so the real `@anthropic-ai/sdk` path runs in tests
 * and in the offline demo (ANTHROPIC_BASE_URL=<url>, any ANTHROPIC_API_KEY it accepts).
 *
 *   POST /v1/messages  — headers `x-api-key` (401 authentication_error when missing/wrong) and
 *                        `anthropic-version` (400 when missing); body validated like the API
 *                        (model, max_tokens, role alternation, tools with input_schema, tool_use ↔
 *                        tool_result pairing, no unknown fields); answers the next scripted step,
 *                        or the deterministic policy (policy.ts) when nothing is queued.
 *   GET /health
 *
 * Every request is logged (`requests`) so tests can assert what the SDK really sent. Responses
 * carry a `request-id` header like the API's; 429/529 errors carry `retry-after` (seconds).
 *
 * Standalone: `npx tsx lib/sandbox/anthropic/server.ts` (FAKE_ANTHROPIC_PORT, default 4300).
 */
export interface TFakeAnthropicOptions {
  port?: number;
  host?: string;
  /** Accepted keys; unset = any non-empty key. */
  apiKeys?: string[];
  /** Answer with policy.ts when no scripted step is queued (else 500 api_error "no scripted response"). */
  policy?: boolean;
  /** Artificial delay before every response, ms. */
  delayMs?: number;
}

export interface TLoggedRequest {
  requestId: string;
  method: string;
  path: string;
  headers: { "x-api-key"?: string; "anthropic-version"?: string; "content-type"?: string; "x-stainless-retry-count"?: string };
  /** Parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
  status: number;
  /** The body we answered with. */
  response: unknown;
  /** Server-side handling time (excluding artificial delay), ms. */
  handledMs: number;
}

export interface RunningFakeAnthropic {
  url: string;
  port: number;
  server: Server;
  /** Requests received so far, oldest first (a live array). */
  readonly requests: TLoggedRequest[];
  /** Queue steps, answered one per valid request in order. */
  script(...steps: TFakeStep[]): void;
  /** Scripted steps still queued. */
  pending(): number;
  setDelay(ms: number): void;
  setPolicy(on: boolean): void;
  /** Forget the queue and the request log. */
  reset(): void;
  close(): Promise<void>;
}

const newId = (prefix: string) => `${prefix}${randomBytes(12).toString("base64url")}`;
const estimateTokens = (v: unknown) => Math.max(1, Math.ceil(JSON.stringify(v ?? "").length / 4));

export async function startFakeAnthropic(options: TFakeAnthropicOptions = {}): Promise<RunningFakeAnthropic> {
  const queue: Array<{ step: TFakeStep; left: number }> = [];
  const requests: TLoggedRequest[] = [];
  let delayMs = options.delayMs ?? 0;
  let policy = options.policy ?? false;

  function nextStep(request: TMessagesRequest): TFakeStaticStep | null {
    const head = queue[0];
    if (!head) return policy ? policyResponse(request) : null;
    head.left -= 1;
    if (head.left <= 0) queue.shift();
    return typeof head.step === "function" ? head.step(request) : head.step;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      const status = err instanceof BodyTooLargeError ? 413 : 500;
      send(res, status, errorBody(status === 413 ? "request_too_large" : "api_error", status === 413 ? "Request exceeds the maximum allowed number of bytes." : "Internal server error", newId("req_")));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://fake-anthropic.local");
    if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { status: "ok" });
    const requestId = newId("req_");
    const raw = (await readBody(req, 32 * 1024 * 1024)).toString("utf8");
    let body: unknown = raw;
    let parsedJson = true;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      parsedJson = false; // logged as text; answered with invalid_request_error below
    }
    const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
    const entry: TLoggedRequest = {
      requestId,
      method: req.method ?? "GET",
      path: url.pathname,
      headers: {
        ...(header("x-api-key") !== undefined ? { "x-api-key": header("x-api-key") } : {}),
        ...(header("anthropic-version") !== undefined ? { "anthropic-version": header("anthropic-version") } : {}),
        ...(header("content-type") !== undefined ? { "content-type": header("content-type") } : {}),
        ...(header("x-stainless-retry-count") !== undefined ? { "x-stainless-retry-count": header("x-stainless-retry-count") } : {}),
      },
      body,
      status: 0,
      response: undefined,
      handledMs: 0,
    };
    requests.push(entry);

    const reply = async (status: number, payload: unknown, headers: Record<string, string> = {}, stepDelay = 0, rawText?: string, contentType?: string) => {
      entry.status = status;
      entry.response = rawText ?? payload;
      entry.handledMs = performance.now() - started;
      const wait = delayMs + stepDelay;
      if (wait > 0 && !(await delay(wait, res))) return; // the client gave up (timeout): nothing to send
      if (rawText !== undefined) {
        res.writeHead(status, { "content-type": contentType ?? "application/json", "request-id": requestId, ...headers });
        res.end(rawText);
      } else send(res, status, payload, { "request-id": requestId, ...headers });
    };
    const fail = (type: TAnthropicErrorType, message: string, headers: Record<string, string> = {}, stepDelay = 0) =>
      reply(ERROR_STATUS[type], errorBody(type, message, requestId), headers, stepDelay);

    if (url.pathname !== "/v1/messages") return fail("not_found_error", `${req.method} ${url.pathname} not found`);
    if (req.method !== "POST") return fail("not_found_error", `${req.method} ${url.pathname} not found`);
    const key = header("x-api-key");
    if (!key) return fail("authentication_error", "x-api-key header is required");
    if (options.apiKeys && !options.apiKeys.includes(key)) return fail("authentication_error", "invalid x-api-key");
    if (!header("anthropic-version")) return fail("invalid_request_error", "anthropic-version: header is required");
    if (!parsedJson || body === undefined) return fail("invalid_request_error", "There was an error parsing the body. Please send a valid JSON body.");
    const valid = validateMessagesRequest(body);
    if (!valid.ok) return fail("invalid_request_error", valid.message);

    const step = nextStep(valid.request);
    if (!step) return fail("api_error", "fake anthropic: no scripted response left (queue a step or enable policy mode)");
    if ("error" in step) {
      const retry = step.retryAfter ?? (step.error === "rate_limit_error" ? 1 : undefined);
      const headers: Record<string, string> = retry !== undefined ? { "retry-after": String(retry) } : {};
      if (step.error === "rate_limit_error") Object.assign(headers, { "anthropic-ratelimit-requests-remaining": "0" });
      return fail(step.error, step.message ?? defaultMessage(step.error), headers, step.delayMs);
    }
    if ("raw" in step) return reply(step.status ?? 200, undefined, {}, step.delayMs, step.raw, step.contentType);

    // An empty content array is legal (the model may end a turn without text after tool results).
    const content = step.content.map((b: TFakeBlock) =>
      b.type === "tool_use" ? { type: "tool_use", id: b.id ?? newId("toolu_"), name: b.name, input: b.input } : { type: "text", text: b.text },
    );
    const stopReason = step.stop_reason ?? (content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
    return reply(
      200,
      {
        id: newId("msg_"),
        type: "message",
        role: "assistant",
        model: valid.request.model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: estimateTokens(valid.request), output_tokens: estimateTokens(content), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
      {},
      step.delayMs,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    server,
    requests,
    script: (...steps) => {
      for (const step of steps) queue.push({ step, left: typeof step === "function" ? 1 : Math.max(1, step.times ?? 1) });
    },
    pending: () => queue.reduce((n, q) => n + q.left, 0),
    setDelay: (ms) => (delayMs = ms),
    setPolicy: (on) => (policy = on),
    reset: () => {
      queue.splice(0);
      requests.splice(0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function defaultMessage(type: TAnthropicErrorType): string {
  switch (type) {
    case "rate_limit_error":
      return "Number of request tokens has exceeded your per-minute rate limit";
    case "overloaded_error":
      return "Overloaded";
    case "api_error":
      return "Internal server error";
    case "authentication_error":
      return "invalid x-api-key";
    default:
      return type;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Resolves true after `ms`, or false as soon as the client closes the connection. */
function delay(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    res.once("close", onClose);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeAnthropic({ port: Number(process.env.FAKE_ANTHROPIC_PORT ?? 4300), policy: true });
  console.log(`fake Anthropic Messages API (policy mode) on ${fake.url} — set ANTHROPIC_BASE_URL=${fake.url}`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
