import type { CallStatus } from "@/lib/calls/call-state";
import type { TCrmCall } from "./crm.schema";
import { toFrappeDatetime } from "./frappe-datetime";

/**
 * CRM Call Log body from one of our calls (reference §3.5). `id` = our call id, so the document
 * name is our id (naming `field:id`) and a retried insert is a 409, never a duplicate. Linked with
 * `reference_doctype`/`reference_docname` only — adding a lead `links` row as well makes
 * get_activities list the call twice (§3.10).
 */
export const CRM_CALL_STATUSES = [
  "Initiated",
  "Ringing",
  "In Progress",
  "Completed",
  "Failed",
  "Busy",
  "No Answer",
  "Queued",
  "Canceled",
] as const;
export type TCrmCallStatus = (typeof CRM_CALL_STATUSES)[number];

export const CRM_TERMINAL_CALL_STATUSES: ReadonlySet<string> = new Set(["Completed", "Failed", "Busy", "No Answer", "Canceled"]);

/** Ordering used to never move a call log backwards (a late "start" sync after the "end" sync). */
const RANK: Record<TCrmCallStatus, number> = {
  Queued: 0,
  Initiated: 0,
  Ringing: 1,
  "In Progress": 2,
  Completed: 3,
  Failed: 3,
  Busy: 3,
  "No Answer": 3,
  Canceled: 3,
};

/**
 * Our CallStatus → CRM's nine values. CRM's UI shows Incoming + not Completed as a missed call.
 * - missed (caller hung up before an agent answered) and abandoned (we gave up ringing) → No Answer.
 * - rejected: outbound = the customer declined → Busy (what Twilio reports for a declined call);
 *   inbound = we refused it (bad SDP, media down) → Failed.
 * - no_answer cancelled by the agent (endReason "cancel…") → Canceled.
 * - connecting: outbound is dialling → Initiated; inbound is an accepted call coming up → In Progress.
 */
export function mapCallStatus(status: CallStatus, direction: "inbound" | "outbound", endReason?: string | null): TCrmCallStatus {
  switch (status) {
    case "ringing":
      return "Ringing";
    case "queued":
      return "Queued";
    case "connecting":
      return direction === "outbound" ? "Initiated" : "In Progress";
    case "in_progress":
    case "on_hold":
    case "transferring":
      return "In Progress";
    case "completed":
      return "Completed";
    case "missed":
    case "abandoned":
      return "No Answer";
    case "no_answer":
      return endReason && /cancel/i.test(endReason) ? "Canceled" : "No Answer";
    case "rejected":
      return direction === "outbound" ? "Busy" : "Failed";
    case "failed":
      return "Failed";
  }
}

export function crmStatusRank(status: string): number {
  return RANK[status as TCrmCallStatus] ?? -1;
}

/** Talk time in seconds: our durationSec, else answered → ended, else 0. */
export function callDurationSec(call: TCrmCall): number {
  if (call.durationSec !== undefined && call.durationSec !== null) return call.durationSec;
  if (call.answeredAt && call.endedAt) {
    return Math.max(0, Math.round((Date.parse(call.endedAt) - Date.parse(call.answeredAt)) / 1000));
  }
  return 0;
}

export interface CallLogPayloadOptions {
  timeZone: string;
  /** Free-text `medium` (Exotel puts its number here); we name the channel. */
  medium?: string;
}

export function buildCallLogPayload(call: TCrmCall, options: CallLogPayloadOptions): Record<string, unknown> {
  const inbound = call.direction === "inbound";
  const status = mapCallStatus(call.status, call.direction, call.endReason);
  const body: Record<string, unknown> = {
    id: call.id,
    type: inbound ? "Incoming" : "Outgoing",
    status,
    from: inbound ? call.customerPhone : call.businessPhone,
    to: inbound ? call.businessPhone : call.customerPhone,
    // telephony_medium is a Select of '', Manual, Twilio, Exotel; anything else is a 417.
    telephony_medium: "Manual",
    medium: options.medium ?? "WhatsApp",
    start_time: toFrappeDatetime(call.startedAt, options.timeZone),
    duration: callDurationSec(call),
  };
  if (call.endedAt) body.end_time = toFrappeDatetime(call.endedAt, options.timeZone);
  if (call.agentEmail) body[inbound ? "receiver" : "caller"] = call.agentEmail;
  if (call.recordingUrl) body.recording_url = call.recordingUrl;
  if (call.reference) {
    body.reference_doctype = call.reference.doctype;
    body.reference_docname = call.reference.name;
  }
  return body;
}

const COMPARED = ["status", "duration", "end_time", "start_time", "recording_url", "caller", "receiver", "reference_doctype", "reference_docname"] as const;

/**
 * The fields of `desired` that differ from the stored call log, for a partial PUT. Monotonic: a
 * stored terminal status is never replaced by a live one (a delayed "ringing" sync that runs after
 * the "completed" sync changes nothing), and a live sync never clears end time or duration.
 */
export function callLogChanges(existing: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const existingRank = crmStatusRank(String(existing.status ?? ""));
  const desiredRank = crmStatusRank(String(desired.status ?? ""));
  // Our terminal status is final, so a terminal desired status always wins (it also repairs a
  // status edited by hand in the CRM); a live one never overwrites a later stage.
  const goingBack = desiredRank < existingRank;
  for (const field of COMPARED) {
    if (!(field in desired)) continue;
    if (goingBack && (field === "status" || field === "duration" || field === "end_time")) continue;
    if (field === "duration" && Number(desired.duration ?? 0) === 0 && Number(existing.duration ?? 0) > 0) continue;
    if (normalise(existing[field]) !== normalise(desired[field])) changes[field] = desired[field];
  }
  return changes;
}

function normalise(v: unknown): string {
  if (v === null || v === undefined || v === "") return "";
  // Frappe returns datetimes with microseconds: "2026-03-01 10:00:00.000000".
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+$/.test(v)) return v.replace(/\.\d+$/, "");
  return String(v);
}
