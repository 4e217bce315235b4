import type { BrowserBridge } from "../meta-relay/browser-bridge";
import type { MetaRelay } from "../meta-relay/meta-relay";
import type { TAsyncError } from "../store";

/**
 * The sandbox's model of WhatsApp Business Calling (reference whatsapp-cloud-api.md §6, §9.5):
 * calls per wacid, per-user permission state and counters, the number's calling settings and the
 * limits Meta enforces. Every limit is configurable through the control API.
 */

export type TCallDirection = "USER_INITIATED" | "BUSINESS_INITIATED";

/**
 * ringing      UIC: `connect` webhook sent, waiting for pre_accept/accept. BIC: the user's phone rings.
 * pre_accepted UIC only: the business sent pre_accept (ICE/DTLS may complete), not yet accept.
 * accepted     the call is connected (UIC: accept returned 200; BIC: the user picked up).
 * ended        terminal; nothing reopens it.
 */
export type TSimCallState = "ringing" | "pre_accepted" | "accepted" | "ended";

export type TCallEndReason =
  | "user_hangup"
  | "user_rejected"
  | "user_ignored"
  | "business_terminated"
  | "business_rejected"
  | "accept_timeout"
  | "ring_timeout"
  | "no_media"
  | "relay_failed";

export interface TSimCallEvent {
  at: number;
  what: string;
  detail?: string;
}

export interface TSimCall {
  id: string;
  direction: TCallDirection;
  userKey: string;
  state: TSimCallState;
  /** UIC: Meta's offer (connect webhook). BIC: the business's offer (connect request). */
  offerSdp: string;
  /** UIC: the business's answer (pre_accept/accept). BIC: Meta's answer (connect webhook). */
  answerSdp: string | null;
  /** The SDP the business sent with pre_accept; accept must carry the same one (§6.3). */
  preAcceptSdp: string | null;
  createdAt: number;
  preAcceptedAt: number | null;
  /** When the call connected: UIC accept, BIC user answer. Drives start_time / duration. */
  acceptedAt: number | null;
  endedAt: number | null;
  /** Deadline in sandbox time: UIC accept deadline, BIC ring timeout. */
  deadlineAt: number | null;
  endReason: TCallEndReason | null;
  endStatus: "COMPLETED" | "FAILED" | null;
  endError: TAsyncError | null;
  bizOpaqueCallbackData: string | null;
  ctaPayload: string | null;
  deeplinkPayload: string | null;
  /** After a UIC, the user grants call-back permission automatically (callback_permission_status ENABLED, §6.2). */
  grantCallbackPermission: boolean;
  /** Statuses sent for a BIC, in order (RINGING, ACCEPTED, REJECTED). */
  statusesSent: string[];
  events: TSimCallEvent[];
  /** The fake Meta relay carrying real media for this call, when the user asked for one. */
  relay: MetaRelay | null;
  tone: number | null;
  /** The phone simulator's browser speaking and listening through the relay (microphone), if attached. */
  browser: BrowserBridge | null;
}

export type TPermissionStatus = "no_permission" | "temporary" | "permanent";

export interface TSimCallUser {
  permission: { status: "temporary" | "permanent"; grantedAt: number; expiresAt: number | null } | null;
  /** When each business-initiated call to this user connected (for the daily limit, §6.7). */
  connectedBicAt: number[];
  /** Any connected call resets the permission-request counters (§6.7). */
  lastConnectedCallAt: number | null;
  /** Unanswered or rejected BICs in a row; reaching the limit revokes the permission (§6.7). */
  consecutiveUnanswered: number;
  /** Permission request wamids the user already answered. */
  answeredRequests: Set<string>;
  /** Media for calls the business places to this user: a relay playing `tone` Hz. */
  media: { relay: boolean; tone: number | null };
}

export interface TCallingSettings {
  status: "ENABLED" | "DISABLED";
  call_icon_visibility: "DEFAULT" | "DISABLE_ALL" | "HIDE_IN_CHAT";
  call_icons: { restrict_to_user_countries: string[] };
  call_hours: {
    status: "ENABLED" | "DISABLED";
    timezone_id: string;
    weekly_operating_hours: { day_of_week: string; open_time: string; close_time: string }[];
    holiday_schedule: { date: string; start_time: string; end_time: string }[];
  } | null;
  callback_permission_status: "ENABLED" | "DISABLED";
  sip: { status: "ENABLED" | "DISABLED"; servers: Record<string, unknown>[] };
  srtp_key_exchange_protocol: "DTLS" | "SDES";
}

export interface TCallLimits {
  /** UIC: Meta ends a call the business did not accept within ~30–60 s of `connect` (§6.3). */
  acceptTimeoutMs: number;
  /** BIC: how long the user's phone rings before the call ends unanswered (UNCONFIRMED in Meta's docs). */
  ringTimeoutMs: number;
  /** With a relay: no media from the business for this long after connecting → 138021 (§6.8). */
  noMediaTimeoutMs: number;
  /** Temporary permission validity: 7 days from approval (§6.7). */
  permissionTtlMs: number;
  /** Permission requests: 1 per 24 h and 2 per 7 days in production (sandbox numbers: 25 / 100). */
  permissionRequestsPerDay: number;
  permissionRequestsPerWeek: number;
  /** Connected business-initiated calls per user per 24 h: 100 since 19 Dec 2025 (§6.7). */
  connectedCallsPerDay: number;
  /** Concurrent calls per business number: 1000 (§6.7). */
  concurrentCalls: number;
  /** Consecutive unanswered/rejected BICs before the permission is revoked: 4 in production. */
  unansweredBeforeRevoke: number;
  /** GET call_permissions: 5 requests per second → 613 (§6.6). */
  permissionLookupsPerSecond: number;
}

export const DAY_MS = 24 * 3600_000;
export const WEEK_MS = 7 * DAY_MS;

export const DEFAULT_CALL_LIMITS: TCallLimits = {
  acceptTimeoutMs: 60_000,
  ringTimeoutMs: 60_000,
  noMediaTimeoutMs: 20_000,
  permissionTtlMs: WEEK_MS,
  permissionRequestsPerDay: 1,
  permissionRequestsPerWeek: 2,
  connectedCallsPerDay: 100,
  concurrentCalls: 1000,
  unansweredBeforeRevoke: 4,
  permissionLookupsPerSecond: 5,
};

/**
 * Meta ships calling DISABLED on every number, test numbers included (§6.1). The sandbox starts
 * ENABLED so the zero-credential demo can take calls at once; a test or the app can switch it off
 * through POST /{phone-number-id}/settings and then sees 138000 exactly as with Meta.
 */
export function defaultCallingSettings(): TCallingSettings {
  return {
    status: "ENABLED",
    call_icon_visibility: "DEFAULT",
    call_icons: { restrict_to_user_countries: [] },
    call_hours: null,
    callback_permission_status: "DISABLED",
    sip: { status: "DISABLED", servers: [] },
    srtp_key_exchange_protocol: "DTLS",
  };
}

export type TCallAction = "connect" | "pre_accept" | "accept" | "reject" | "terminate";

/** An injected failure: the next request with `action` answers Meta's error `code`. */
export interface TCallFailure {
  action: TCallAction;
  code: number;
}
