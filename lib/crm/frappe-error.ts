import { AppError } from "@/lib/core/app-error";

/**
 * A failed Frappe request, parsed from Frappe's v1 error shapes (reference §1.6):
 * - `exc_type`: the Python exception class (ValidationError, MandatoryError, LinkValidationError,
 *   DuplicateEntryError, DoesNotExistError, PermissionError, AuthenticationError, …);
 * - `_server_messages`: a JSON string of a list of JSON strings, each `{message, title, indicator,
 *   raise_exception}` — decoded twice; `message` may contain HTML (`<b>`, `<br>`, links);
 * - `_error_message` (permission errors), `exception` (last traceback line, only for system users
 *   with tracebacks allowed — never relied on, used only as a last resort).
 * The rate limiter answers 429 with a plain-text body "Too Many Requests" and `Retry-After`.
 *
 * No retries happen in the client: `retryable` tells the job runner whether a retry can help.
 */
export interface FrappeErrorInit {
  /** HTTP status; 0 when no answer came (connection refused, timeout). */
  status: number;
  excType: string | null;
  /** Clean text of every server message (HTML stripped). */
  messages: string[];
  retryAfterMs?: number;
  method?: string;
  path?: string;
  cause?: unknown;
}

export class FrappeError extends AppError {
  readonly httpStatus: number;
  readonly excType: string | null;
  readonly messages: string[];
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(init: FrappeErrorInit) {
    const text = init.messages.join(" ") || init.excType || `HTTP ${init.status}`;
    super(init.status === 429 ? "RATE_LIMITED" : "PROVIDER_ERROR", {
      message: `Frappe ${init.method ?? ""} ${init.path ?? ""} failed (${init.status || "no answer"} ${init.excType ?? ""}): ${text}`.replace(/\s+/g, " "),
      userMessage: `Frappe CRM: ${text}`,
      details: { status: init.status, excType: init.excType },
      cause: init.cause,
    });
    this.name = "FrappeError";
    this.httpStatus = init.status;
    this.excType = init.excType;
    this.messages = init.messages;
    this.retryable = isRetryableStatus(init.status);
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The first clean message, or the exception class. */
  get text(): string {
    return this.messages[0] ?? this.excType ?? `HTTP ${this.httpStatus}`;
  }

  /** A session/token problem (expired or revoked OAuth token, wrong API key). */
  get isAuthError(): boolean {
    return this.httpStatus === 401;
  }

  get isNotFound(): boolean {
    return this.httpStatus === 404 || this.excType === "DoesNotExistError";
  }

  get isDuplicate(): boolean {
    return this.httpStatus === 409 || this.excType === "DuplicateEntryError";
  }

  static isFrappe(err: unknown): err is FrappeError {
    return err instanceof FrappeError;
  }
}

/**
 * Retry can help for: no answer (0), 408, 429 (rate limiter), 5xx (500 uncaught, 502/504 proxy,
 * 503 maintenance/`SessionStopped`, 508 DB deadlock/lock timeout). 401/403/404/409/417 are
 * answers about the request itself.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header.trim());
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Strips tags and decodes the few entities Frappe messages use. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<\/(p|div|li)>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * `_server_messages` is `JSON.stringify([JSON.stringify({message,…}), …])`. Tolerates a single
 * encoding level and plain strings, because older versions and custom apps are not consistent.
 */
export function decodeServerMessages(raw: unknown): string[] {
  let list: unknown = raw;
  if (typeof list === "string") {
    try {
      list = JSON.parse(list);
    } catch {
      return [htmlToText(list as string)].filter(Boolean);
    }
  }
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    let entry: unknown = item;
    if (typeof entry === "string") {
      try {
        entry = JSON.parse(entry);
      } catch {
        // A plain string message (frappe.msgprint("text") in some versions).
      }
    }
    const message =
      typeof entry === "string" ? entry : entry && typeof entry === "object" ? (entry as { message?: unknown }).message : undefined;
    if (typeof message === "string") {
      const text = htmlToText(message);
      if (text) out.push(text);
    }
  }
  return out;
}

export interface ParseErrorInput {
  status: number;
  bodyText: string;
  retryAfter?: string | null;
  method?: string;
  path?: string;
}

/** Builds a FrappeError from any non-2xx response (JSON v1, v2 `errors`, OAuth, or plain text). */
export function parseFrappeError(input: ParseErrorInput): FrappeError {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(input.bodyText);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  let excType: string | null = null;
  const messages: string[] = [];
  if (body) {
    if (typeof body.exc_type === "string") excType = body.exc_type;
    messages.push(...decodeServerMessages(body._server_messages));
    if (typeof body._error_message === "string") messages.push(htmlToText(body._error_message));
    // v2 shape: {"errors":[{"type","message"}]}
    if (Array.isArray(body.errors)) {
      for (const e of body.errors as { type?: unknown; message?: unknown }[]) {
        if (!excType && typeof e?.type === "string") excType = e.type;
        if (typeof e?.message === "string") messages.push(htmlToText(e.message));
      }
    }
    // OAuth endpoints: {"error","error_description"}
    if (typeof body.error === "string") {
      excType ??= body.error;
      if (typeof body.error_description === "string") messages.push(body.error_description);
    }
    if (messages.length === 0 && typeof body.exception === "string") {
      // "frappe.exceptions.ValidationError: Some text" — keep only the text.
      const text = body.exception.replace(/^[\w.]+(Error|Exception)?:\s*/, "");
      if (text) messages.push(htmlToText(text));
    }
  } else if (input.bodyText && input.bodyText.length < 500 && !/<html/i.test(input.bodyText)) {
    messages.push(input.bodyText.trim());
  }
  if (!excType) excType = defaultExcType(input.status);
  return new FrappeError({
    status: input.status,
    excType,
    messages: [...new Set(messages.filter(Boolean))],
    retryAfterMs: parseRetryAfter(input.retryAfter),
    method: input.method,
    path: input.path,
  });
}

function defaultExcType(status: number): string | null {
  switch (status) {
    case 401:
      return "AuthenticationError";
    case 403:
      return "PermissionError";
    case 404:
      return "DoesNotExistError";
    case 409:
      return "DuplicateEntryError";
    case 417:
      return "ValidationError";
    case 429:
      return "TooManyRequestsError";
    default:
      return null;
  }
}
