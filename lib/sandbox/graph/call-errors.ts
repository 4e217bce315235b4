import type { TAsyncError } from "../store";
import { ERROR_CODES_HREF, GraphError } from "./errors";

/**
 * Meta's Calling error codes with their HTTP statuses (reference §6.10, §5.2), for synchronous
 * answers (Graph envelope) and for terminate webhooks (`calls[].errors` + `value.errors`). Titles
 * are the sandbox's wording of Meta's meanings; apps must branch on `code`, never on text (§5.1).
 */
export const CALLING_ERROR_TABLE: Readonly<Record<number, { http: number; title: string }>> = {
  100: { http: 400, title: "Invalid parameter" },
  613: { http: 429, title: "Calls to this api have exceeded the rate limit." },
  131009: { http: 400, title: "Parameter value is not valid" },
  131030: { http: 400, title: "Recipient phone number not in allowed list" },
  131044: { http: 400, title: "Payment method not found" },
  131055: { http: 400, title: "Method not allowed" },
  138000: { http: 401, title: "Calling not enabled" },
  138001: { http: 400, title: "Receiver unable to receive calls" },
  138002: { http: 429, title: "Concurrent calls limit reached" },
  138003: { http: 400, title: "Duplicate call" },
  138004: { http: 500, title: "Connection error" },
  138005: { http: 429, title: "Call rate limit exceeded" },
  138006: { http: 401, title: "No approved call permission from the recipient" },
  138007: { http: 500, title: "Connect timeout" },
  138009: { http: 400, title: "Call permission request limit reached" },
  138012: { http: 400, title: "Business initiated calls limit reached" },
  138013: { http: 400, title: "Business initiated calls not available" },
  138014: { http: 400, title: "Calling temporarily disabled" },
  138015: { http: 400, title: "Messaging limit too low to enable calling" },
  138017: { http: 400, title: "Call permission request not needed" },
  138018: { http: 400, title: "Calling prerequisites missing" },
  138019: { http: 400, title: "WhatsApp client failed to set up the call" },
  138020: { http: 400, title: "WhatsApp client could not reach the relay" },
  138021: { http: 400, title: "WhatsApp client terminated the call due to not receiving any media for a long time. Please try again" },
  138022: { http: 400, title: "WhatsApp client could not transmit media for a long time" },
  138023: { http: 400, title: "Call accepted but ended with no media signal" },
};

export const INJECTABLE_CALL_ERROR_CODES = Object.keys(CALLING_ERROR_TABLE).map(Number);

const DEFAULT_DETAILS: Record<number, string> = {
  138000: "Calling is not enabled for this phone number. Enable it with POST /{phone-number-id}/settings.",
  138001: "The recipient is not able to receive calls (not a WhatsApp user, terms not accepted, or an unsupported client).",
  138002: "The maximum number of concurrent calls for this business phone number has been reached.",
  138003: "A call with this user is already in progress.",
  138006: "The user has not granted permission to receive calls from this business, or the permission has expired.",
  138007: "The business did not respond to the call in time.",
  138009: "The limit of call permission requests sent to this user has been reached.",
  138017: "The user has already granted a permanent call permission to this business.",
};

export function callingGraphError(code: number, details?: string): GraphError {
  const entry = CALLING_ERROR_TABLE[code] ?? { http: 400, title: "Calling error" };
  return new GraphError(entry.http, code, entry.title, details ?? DEFAULT_DETAILS[code]);
}

export function callingAsyncError(code: number, details?: string): TAsyncError {
  const title = CALLING_ERROR_TABLE[code]?.title ?? "Calling error";
  return { code, title, message: title, error_data: { details: details ?? DEFAULT_DETAILS[code] ?? title }, href: ERROR_CODES_HREF };
}

/** SDP problems are error 100 with the reason in `error_data.details` (§6.10, §9.1). */
export function sdpGraphError(details: string): GraphError {
  return new GraphError(400, 100, "Invalid parameter", details);
}
