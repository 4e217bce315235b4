/**
 * The one error type use-cases throw. Only the route wrapper (lib/core/route.ts) and the socket ack
 * wrapper (media-server) turn it into a response. `message` is internal (logs); `userMessage` is
 * safe to show. 5xx responses never carry internal text.
 */
export const AppErrorCode = {
  /** Input failed validation; `details` names the fields. */
  INVALID_INPUT: "INVALID_INPUT",
  /** No valid session or API key. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** Authenticated, but the role or scope does not allow this. */
  FORBIDDEN: "FORBIDDEN",
  /** Not found — also used for rows of another workspace, so their existence is not revealed. */
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  /** The entity is in a state where this action makes no sense (e.g. accept an ended call). */
  INVALID_STATE: "INVALID_STATE",
  /** Too many attempts (sign-in lock-out, throughput limits). */
  RATE_LIMITED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  /** A third party (Meta, Frappe, Anthropic) refused or failed; its own text goes in `userMessage`. */
  PROVIDER_ERROR: "PROVIDER_ERROR",
  /** A dependency we run (media-server, database) is unreachable. */
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  PROVIDER_ERROR: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface AppErrorOptions {
  message?: string;
  userMessage?: string;
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly details?: unknown;

  constructor(code: AppErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? options.userMessage ?? code, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = options.userMessage ?? defaultUserMessage(code);
    this.details = options.details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  /** The body every API error has: `{ error: { code, message, details? } }`. */
  toBody(): { error: { code: AppErrorCode; message: string; details?: unknown } } {
    const body: { code: AppErrorCode; message: string; details?: unknown } = {
      code: this.code,
      message: this.status >= 500 && this.code === "INTERNAL" ? defaultUserMessage(this.code) : this.userMessage,
    };
    if (this.details !== undefined && this.status < 500) body.details = this.details;
    return { error: body };
  }

  static is(err: unknown, code?: AppErrorCode): err is AppError {
    return err instanceof AppError && (code === undefined || err.code === code);
  }
}

function defaultUserMessage(code: AppErrorCode): string {
  switch (code) {
    case "INVALID_INPUT":
      return "The request is not valid.";
    case "UNAUTHENTICATED":
      return "Sign in or provide a valid API key.";
    case "FORBIDDEN":
      return "You do not have permission to do this.";
    case "NOT_FOUND":
      return "Not found.";
    case "CONFLICT":
      return "This conflicts with the current state.";
    case "INVALID_STATE":
      return "This action is not possible in the current state.";
    case "RATE_LIMITED":
      return "Too many requests. Try again later.";
    case "PAYLOAD_TOO_LARGE":
      return "The request body is too large.";
    case "UNSUPPORTED_MEDIA_TYPE":
      return "Unsupported content type.";
    case "PROVIDER_ERROR":
      return "An external service returned an error.";
    case "UNAVAILABLE":
      return "A service is temporarily unavailable.";
    case "INTERNAL":
      return "Something went wrong on our side.";
  }
}
