/**
 * Map Meta error objects (reference §5.1, §5.2, §5.4, §3.2) to what the app acts on.
 *
 * Meta advises branching on `code` (+ `error_data.details`), never on the HTTP status or title text.
 * Both shapes are accepted:
 *  - synchronous Graph responses: `{ error: { message: "(#130429) Rate limit hit", type, code, error_data: { details }, fbtrace_id } }`
 *  - asynchronous webhook errors: `{ code, title, message, error_data: { details }, href }`
 */
export type TErrorCause =
  /** 131047: more than 24 h since the user's last message or call — only a template can go out. */
  | "window_closed"
  /** Throughput, pair rate, app or WABA rate limits: back off and retry. */
  | "rate_limited"
  /** The user cannot receive it (not on WhatsApp, opted out, ecosystem limits, not allow-listed). */
  | "undeliverable"
  /** The business account or its credentials need an admin: token, permissions, blocked, locked, billing, registration. */
  | "auth"
  /** Our request is wrong; resending the same thing fails again. */
  | "invalid_request"
  /** Template missing / wrong locale / wrong parameters / paused / disabled. */
  | "template"
  /** Media could not be uploaded (MIME/size) or downloaded. */
  | "media"
  /** Meta-side or network trouble; retry with backoff. */
  | "temporary"
  | "unknown";

export interface TMetaErrorText {
  title?: string;
  message?: string;
  details?: string;
  href?: string;
  fbtraceId?: string;
  type?: string;
}

export interface TMappedError {
  code: number;
  cause: TErrorCause;
  retryable: boolean;
  /** Suggested wait before the next attempt; the job runner's backoff applies when absent. */
  retryAfterMs?: number;
  /** Needs a human on the admin side (token, account, billing, policy). */
  adminAlert: boolean;
  /** Meta's own words, for the UI: title/message and details, verbatim. */
  userText: string;
  meta: TMetaErrorText;
  httpStatus?: number;
}

/** What either Meta error shape looks like once loosely read. */
export interface TMetaErrorInput {
  code?: number | string;
  title?: string;
  message?: string;
  type?: string;
  error_data?: { details?: string; messaging_product?: string } | null;
  error_subcode?: number;
  fbtrace_id?: string;
  href?: string;
}

interface Rule {
  cause: TErrorCause;
  retryable: boolean;
  adminAlert?: boolean;
  retryAfterMs?: number;
}

const auth: Rule = { cause: "auth", retryable: false, adminAlert: true };
const invalid: Rule = { cause: "invalid_request", retryable: false };
const template: Rule = { cause: "template", retryable: false };
const temporary: Rule = { cause: "temporary", retryable: true };

const RULES: Record<number, Rule> = {
  /** AuthException: token invalid/revoked. */
  0: auth,
  1: temporary,
  2: temporary,
  /** API method / capability problem (permissions). */
  3: auth,
  /** App-level API call rate limit. */
  4: { cause: "rate_limited", retryable: true, retryAfterMs: 60_000 },
  10: auth,
  100: invalid,
  /** Access token expired. */
  190: auth,
  /** Temporarily blocked for policy violations. */
  368: auth,
  /** call_permissions lookup limit (5 req/s). */
  613: { cause: "rate_limited", retryable: true, retryAfterMs: 1_000 },
  /** WABA rate limit. */
  80007: { cause: "rate_limited", retryable: true, retryAfterMs: 60_000 },
  /** Cloud API throughput (msg/s per number) reached. */
  130429: { cause: "rate_limited", retryable: true, retryAfterMs: 1_000 },
  /** User is part of a marketing experiment: don't retry. */
  130472: { cause: "undeliverable", retryable: false },
  131000: temporary,
  131005: auth,
  131008: invalid,
  /** Invalid parameter value; also reaction target too old/unknown. */
  131009: invalid,
  131016: temporary,
  131021: invalid,
  /** Not on WhatsApp, ToS not accepted, app too old. Don't hammer. */
  131026: { cause: "undeliverable", retryable: false },
  /** Recipient not in the test number's allow-list (dashboard setting). */
  131030: { cause: "undeliverable", retryable: false, adminAlert: true },
  /** Account locked. */
  131031: auth,
  /** Payment/eligibility problem. */
  131042: auth,
  131044: auth,
  /** Re-engagement: outside the 24-hour customer-service window. Switch to a template. */
  131047: { cause: "window_closed", retryable: false },
  /** Spam rate limit — a quality problem, not a throughput one. */
  131048: { cause: "rate_limited", retryable: false, adminAlert: true },
  /** Not delivered to protect the ecosystem (marketing per-user limits); wait ≥ 24 h. */
  131049: { cause: "undeliverable", retryable: false },
  /** User stopped marketing messages. */
  131050: { cause: "undeliverable", retryable: false },
  131051: invalid,
  /** Inbound media download failed (> 100 MB etc.): ask the user to resend. */
  131052: { cause: "media", retryable: false },
  /** Media upload error / unsupported MIME. */
  131053: { cause: "media", retryable: false },
  131055: invalid,
  /** Pair rate limit: same business → same user too fast (~1 msg / 6 s). Other users are unaffected. */
  131056: { cause: "rate_limited", retryable: true, retryAfterMs: 6_000 },
  /** Account in maintenance (~1 minute, e.g. throughput upgrade). */
  131057: { cause: "temporary", retryable: true, retryAfterMs: 60_000 },
  132000: template,
  132001: template,
  132005: template,
  132007: template,
  132012: template,
  132015: template,
  132016: template,
  /** Number not registered. */
  133010: auth,
  133004: temporary,
  135000: invalid,
  /** Template count limit per WABA. */
  2388019: template,
};

function toNumber(code: unknown): number | undefined {
  if (typeof code === "number" && Number.isFinite(code)) return code;
  if (typeof code === "string" && /^\d+$/.test(code)) return Number(code);
  return undefined;
}

function ruleFor(code: number | undefined, httpStatus?: number): Rule {
  if (code !== undefined) {
    const rule = RULES[code];
    if (rule) return rule;
    // 200–299: missing API permission, or the system user lacks access to the asset.
    if (code >= 200 && code <= 299) return auth;
    if (code >= 132000 && code <= 132099) return template;
  }
  if (httpStatus === 429) return { cause: "rate_limited", retryable: true };
  if (httpStatus !== undefined && httpStatus >= 500) return temporary;
  if (httpStatus === 401) return auth;
  return { cause: "unknown", retryable: false };
}

/** Compose Meta's own words: title (or message) plus details when they add something. */
export function metaUserText(meta: TMetaErrorText): string {
  const head = meta.title ?? meta.message ?? "";
  const details = meta.details && meta.details !== head ? meta.details : undefined;
  if (head && details) return `${head}: ${details}`;
  return head || details || "Unknown error from WhatsApp";
}

/** Map one Meta error object (sync `error` body or async webhook entry). */
export function mapMetaError(input: TMetaErrorInput, options: { httpStatus?: number; retryAfterHeaderMs?: number } = {}): TMappedError {
  const code = toNumber(input.code);
  const rule = ruleFor(code, options.httpStatus);
  const meta: TMetaErrorText = {
    title: input.title,
    message: input.message,
    details: input.error_data?.details ?? undefined,
    href: input.href,
    fbtraceId: input.fbtrace_id,
    type: input.type,
  };
  for (const k of Object.keys(meta) as (keyof TMetaErrorText)[]) if (meta[k] === undefined) delete meta[k];
  const retryAfterMs = options.retryAfterHeaderMs ?? rule.retryAfterMs;
  const mapped: TMappedError = {
    code: code ?? -1,
    cause: rule.cause,
    retryable: rule.retryable,
    adminAlert: rule.adminAlert ?? false,
    userText: metaUserText(meta),
    meta,
  };
  if (rule.retryable && retryAfterMs !== undefined) mapped.retryAfterMs = retryAfterMs;
  if (options.httpStatus !== undefined) mapped.httpStatus = options.httpStatus;
  return mapped;
}

/**
 * 131056 (pair rate limit): Meta suggests retrying after 4^X seconds, X = 0, 1, 2, … (§5.3).
 * `attempt` is 0-based.
 */
export function pairRateLimitDelayMs(attempt: number): number {
  return 4 ** Math.max(0, attempt) * 1000;
}

/** No HTTP response at all (timeout, connection refused): retry, accepting a small duplicate risk (§5.4). */
export function networkError(message: string): TMappedError {
  return {
    code: -1,
    cause: "temporary",
    retryable: true,
    adminAlert: false,
    userText: message,
    meta: { message },
  };
}
