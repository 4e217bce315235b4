import { AppError } from "@/lib/core/app-error";

/**
 * Meta's Calling API error codes (reference whatsapp-cloud-api.md §6.10, plus the §5.2 codes the
 * calling endpoints return) → what they mean for us. Meta advises branching on `code` (and
 * `error_data.details`), never on HTTP status or title text (§5.1).
 */
export const CALLING_ERROR_CAUSES = [
  "invalid_parameter",
  "permissions_lookup_rate_limited",
  "voice_call_not_supported_in_country",
  "recipient_not_in_allow_list",
  "no_payment_method",
  "sip_enabled",
  "calling_not_enabled",
  "recipient_cannot_receive_calls",
  "concurrent_call_limit",
  "call_already_in_progress",
  "connection_error",
  "call_rate_limit",
  "no_call_permission",
  "connect_timeout",
  "permission_request_limit",
  "daily_call_limit",
  "business_initiated_not_available",
  "calling_temporarily_disabled",
  "messaging_limit_too_low",
  "permanent_permission_exists",
  "prerequisites_missing",
  "client_setup_failed",
  "client_relay_unreachable",
  "client_no_media",
  "client_cannot_transmit_media",
  "accepted_without_media",
  "undeliverable",
  "throughput_limit",
  "temporary_meta_error",
  "access_token_invalid",
  "unknown",
] as const;
export type CallingErrorCause = (typeof CALLING_ERROR_CAUSES)[number];

interface Entry {
  cause: CallingErrorCause;
  httpStatus: number;
  /** Meta's meaning, used when the error itself carries no text. */
  meaning: string;
  /** Sending the same request again later can succeed. */
  retryable: boolean;
}

export const CALLING_ERRORS: Readonly<Record<number, Entry>> = {
  0: { cause: "access_token_invalid", httpStatus: 401, meaning: "The access token is invalid, expired or revoked.", retryable: false },
  190: { cause: "access_token_invalid", httpStatus: 401, meaning: "The access token has expired.", retryable: false },
  100: { cause: "invalid_parameter", httpStatus: 400, meaning: "Invalid parameter (for calls: the SDP failed validation).", retryable: false },
  613: { cause: "permissions_lookup_rate_limited", httpStatus: 429, meaning: "Call permission lookups are limited to 5 requests per second.", retryable: true },
  130429: { cause: "throughput_limit", httpStatus: 400, meaning: "Cloud API throughput has been reached.", retryable: true },
  131000: { cause: "temporary_meta_error", httpStatus: 500, meaning: "Unknown error.", retryable: true },
  131009: { cause: "voice_call_not_supported_in_country", httpStatus: 400, meaning: "Voice call messages are not supported in this country.", retryable: false },
  131016: { cause: "temporary_meta_error", httpStatus: 500, meaning: "Service unavailable.", retryable: true },
  131026: { cause: "undeliverable", httpStatus: 400, meaning: "Message undeliverable (not on WhatsApp, terms not accepted, or the app is too old for call permission requests).", retryable: false },
  131030: { cause: "recipient_not_in_allow_list", httpStatus: 400, meaning: "The recipient is not in the test number's allowed list.", retryable: false },
  131044: { cause: "no_payment_method", httpStatus: 400, meaning: "No valid payment method is attached to the account.", retryable: false },
  131055: { cause: "sip_enabled", httpStatus: 400, meaning: "Calling APIs are not available on a number with SIP enabled.", retryable: false },
  131057: { cause: "temporary_meta_error", httpStatus: 500, meaning: "The account is in maintenance.", retryable: true },
  138000: { cause: "calling_not_enabled", httpStatus: 401, meaning: "Calling is not enabled on this business number.", retryable: false },
  138001: { cause: "recipient_cannot_receive_calls", httpStatus: 400, meaning: "The recipient cannot receive calls.", retryable: false },
  138002: { cause: "concurrent_call_limit", httpStatus: 429, meaning: "The concurrent call limit for this number was reached.", retryable: true },
  138003: { cause: "call_already_in_progress", httpStatus: 400, meaning: "A call with this user is already in progress.", retryable: false },
  138004: { cause: "connection_error", httpStatus: 500, meaning: "Connection error.", retryable: true },
  138005: { cause: "call_rate_limit", httpStatus: 429, meaning: "The call rate limit for this business number was reached.", retryable: true },
  138006: { cause: "no_call_permission", httpStatus: 401, meaning: "No approved call permission from this user.", retryable: false },
  138007: { cause: "connect_timeout", httpStatus: 500, meaning: "Connect timeout: the business did not apply the SDP or call the API in time.", retryable: false },
  138009: { cause: "permission_request_limit", httpStatus: 400, meaning: "The call permission request limit for this user was reached.", retryable: false },
  138012: { cause: "daily_call_limit", httpStatus: 400, meaning: "The daily limit of connected business-initiated calls to this user was reached.", retryable: false },
  138013: { cause: "business_initiated_not_available", httpStatus: 400, meaning: "Business-initiated calls are not available for this business number's country.", retryable: false },
  138014: { cause: "calling_temporarily_disabled", httpStatus: 400, meaning: "Calling is temporarily disabled for this number (quality).", retryable: false },
  138015: { cause: "messaging_limit_too_low", httpStatus: 400, meaning: "Calling cannot be enabled: the messaging limit is below 2000.", retryable: false },
  138017: { cause: "permanent_permission_exists", httpStatus: 400, meaning: "A permanent call permission already exists; no request is needed.", retryable: false },
  138018: { cause: "prerequisites_missing", httpStatus: 400, meaning: "Calling prerequisites are missing (no app subscribed to calls and no SIP).", retryable: false },
  138019: { cause: "client_setup_failed", httpStatus: 400, meaning: "The WhatsApp client failed to set up the call.", retryable: false },
  138020: { cause: "client_relay_unreachable", httpStatus: 400, meaning: "The WhatsApp client could not reach the relay.", retryable: false },
  138021: { cause: "client_no_media", httpStatus: 400, meaning: "The WhatsApp client received no media for too long.", retryable: false },
  138022: { cause: "client_cannot_transmit_media", httpStatus: 400, meaning: "The WhatsApp client could not transmit media for too long.", retryable: false },
  138023: { cause: "accepted_without_media", httpStatus: 400, meaning: "The call was accepted but ended with no media signal.", retryable: false },
};

/** Meta's error object: sync `{ error: {...} }` body content, or an entry of a webhook `errors[]`. */
export interface MetaErrorLike {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string; [k: string]: unknown };
}

export interface CallingError {
  code: number | null;
  cause: CallingErrorCause;
  /** Meta's own text (title or message, without the "(#code) " prefix), else Meta's documented meaning. */
  userText: string;
  retryable: boolean;
  /** `error_data.details` (e.g. the SDP problem for 100, the next allowed time for 138012). */
  details: string | null;
}

/** Classify one Meta error. Unknown codes are `unknown` and not retryable. */
export function describeCallingError(error: MetaErrorLike): CallingError {
  const code = typeof error.code === "number" ? error.code : null;
  const entry = code !== null ? CALLING_ERRORS[code] : undefined;
  const metaText = (error.title ?? error.message ?? "").replace(/^\(#\d+\)\s*/, "").trim();
  return {
    code,
    cause: entry?.cause ?? "unknown",
    userText: metaText || entry?.meaning || "WhatsApp returned an error.",
    retryable: entry?.retryable ?? false,
    details: typeof error.error_data?.details === "string" ? error.error_data.details : null,
  };
}

/** The AppError a failed Calling API request becomes (the route wrapper shows `userText`). */
export function callingErrorToAppError(error: CallingError, httpStatus?: number): AppError {
  const rateLimited = error.cause === "permissions_lookup_rate_limited" || error.cause === "call_rate_limit" || error.cause === "concurrent_call_limit" || error.cause === "throughput_limit";
  return new AppError(rateLimited ? "RATE_LIMITED" : "PROVIDER_ERROR", {
    message: `WhatsApp calling error ${error.code ?? "?"} (${error.cause}), HTTP ${httpStatus ?? "?"}: ${error.userText}${error.details ? ` — ${error.details}` : ""}`,
    userMessage: error.userText,
    details: { metaCode: error.code, cause: error.cause, retryable: error.retryable, ...(error.details ? { metaDetails: error.details } : {}) },
  });
}
