import type { TSandboxOptions, TSimUser } from "../store";
import { contactOf, unixSeconds, type TWebhookValue } from "../webhook-payloads";
import type { TSimCall } from "./call-model";

/**
 * Meta-shaped `calls` webhook values (reference §6.3–6.5, §9.2). Pure.
 * - connect: UIC carries Meta's offer (`session.sdp_type: "offer"`), `from` = user; BIC carries
 *   Meta's answer (`sdp_type: "answer"`) plus the legacy `connection.webrtc.sdp` duplicate, `from` =
 *   business.
 * - statuses: `type: "call"`, uppercase RINGING / ACCEPTED / REJECTED, field `calls` (not `messages`).
 * - terminate: uppercase `status`, string times, numeric `duration` only when the call connected,
 *   errors in `calls[].errors` and duplicated in `value.errors`, `biz_opaque_callback_data` echoed.
 */

function parties(options: TSandboxOptions, call: TSimCall, user: TSimUser): Record<string, unknown> {
  const wa = user.waId && !user.hidePhone ? user.waId : undefined;
  if (call.direction === "USER_INITIATED") {
    // Like inbound messages in 2026, the caller's business-scoped id rides along (§2.1).
    return { ...(wa ? { from: wa } : {}), from_user_id: user.userId, to: options.displayPhoneNumber };
  }
  return { from: options.displayPhoneNumber, ...(wa ? { to: wa } : {}) };
}

function extras(call: TSimCall): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (call.bizOpaqueCallbackData !== null) o.biz_opaque_callback_data = call.bizOpaqueCallbackData;
  if (call.deeplinkPayload !== null) o.deeplink_payload = call.deeplinkPayload;
  if (call.ctaPayload !== null) o.cta_payload = call.ctaPayload;
  return o;
}

export function callConnectValue(options: TSandboxOptions, call: TSimCall, user: TSimUser, at: number): TWebhookValue {
  const uic = call.direction === "USER_INITIATED";
  const sdp = uic ? call.offerSdp : call.answerSdp!;
  const c: Record<string, unknown> = {
    id: call.id,
    ...parties(options, call, user),
    event: "connect",
    timestamp: unixSeconds(at),
    direction: call.direction,
    ...extras(call),
    session: { sdp_type: uic ? "offer" : "answer", sdp },
  };
  // Meta's BIC connect sample still carries the legacy duplicate; apps must read session.sdp (FAQ).
  if (!uic) c.connection = { webrtc: { sdp } };
  return { contacts: [contactOf(user)], calls: [c] };
}

export function callStatusValue(call: TSimCall, user: TSimUser, status: "RINGING" | "ACCEPTED" | "REJECTED", at: number): TWebhookValue {
  const s: Record<string, unknown> = { id: call.id, type: "call", status, timestamp: unixSeconds(at) };
  if (user.waId && !user.hidePhone) s.recipient_id = user.waId;
  s.recipient_user_id = user.userId;
  if (call.bizOpaqueCallbackData !== null) s.biz_opaque_callback_data = call.bizOpaqueCallbackData;
  return { statuses: [s] };
}

export function callTerminateValue(options: TSandboxOptions, call: TSimCall, user: TSimUser): TWebhookValue {
  const at = call.endedAt!;
  const c: Record<string, unknown> = {
    id: call.id,
    ...parties(options, call, user),
    event: "terminate",
    timestamp: unixSeconds(at),
    direction: call.direction,
  };
  // start_time / end_time / duration only when the call was answered (§6.5).
  if (call.acceptedAt !== null) {
    c.start_time = unixSeconds(call.acceptedAt);
    c.end_time = unixSeconds(at);
    c.duration = Math.max(0, Math.floor(at / 1000) - Math.floor(call.acceptedAt / 1000));
  }
  c.status = call.endStatus;
  if (call.endError) c.errors = [call.endError];
  Object.assign(c, extras(call));
  const value: TWebhookValue = { contacts: [contactOf(user)], calls: [c] };
  if (call.endError) value.errors = [call.endError];
  return value;
}

/** The user's answer to a call permission request (field `messages`, interactive call_permission_reply, §6.6). */
export function permissionReplyMessage(input: {
  wamid: string;
  at: number;
  contextFrom: string;
  contextId: string;
  response: "accept" | "reject";
  permanent: boolean;
  expiresAt: number | null;
  source: "user_action" | "automatic";
}): Record<string, unknown> {
  const reply: Record<string, unknown> = { response: input.response, is_permanent: input.permanent };
  if (input.response === "accept" && input.expiresAt !== null) reply.expiration_timestamp = unixSeconds(input.expiresAt);
  reply.response_source = input.source;
  return {
    context: { from: input.contextFrom, id: input.contextId },
    id: input.wamid,
    timestamp: unixSeconds(input.at),
    type: "interactive",
    interactive: { type: "call_permission_reply", call_permission_reply: reply },
  };
}
