import type { SandboxContext } from "../context";
import { createMetaRelay } from "../meta-relay/meta-relay";
import type { TAsyncError, TSimUser } from "../store";
import { callingAsyncError } from "../graph/call-errors";
import { inboundMessageValue } from "../webhook-payloads";
import type { TCallEndReason, TSimCall } from "./call-model";
import { withinCallHours } from "./call-hours";
import { callConnectValue, callStatusValue, callTerminateValue, permissionReplyMessage } from "./call-payloads";
import { grantPermission } from "./permissions";

/**
 * What "Meta" does around a call: ends it (terminate webhook), enforces its deadlines, rings and
 * connects business-initiated calls, and drives the optional fake relay that carries real media.
 * Webhooks are queued in the order things happen; the sender delivers first attempts in order.
 */

export function logCall(sb: SandboxContext, call: TSimCall, what: string, detail?: string): void {
  call.events.push({ at: sb.store.now(), what, ...(detail !== undefined ? { detail } : {}) });
}

export function callUser(sb: SandboxContext, call: TSimCall): TSimUser {
  const user = sb.store.users.get(call.userKey);
  if (!user) throw new Error(`call ${call.id} belongs to an unknown user ${call.userKey}`);
  return user;
}

export function newCall(sb: SandboxContext, init: Pick<TSimCall, "direction" | "userKey" | "offerSdp"> & Partial<TSimCall>): TSimCall {
  const { store } = sb;
  const user = store.users.get(init.userKey)!;
  const call: TSimCall = {
    id: store.calls.newCallId(user.waId ?? user.userId),
    state: "ringing",
    answerSdp: null,
    preAcceptSdp: null,
    createdAt: store.now(),
    preAcceptedAt: null,
    acceptedAt: null,
    endedAt: null,
    deadlineAt: null,
    endReason: null,
    endStatus: null,
    endError: null,
    bizOpaqueCallbackData: null,
    ctaPayload: null,
    deeplinkPayload: null,
    grantCallbackPermission: false,
    statusesSent: [],
    events: [],
    relay: null,
    tone: null,
    browser: null,
    ...init,
  };
  store.calls.calls.set(call.id, call);
  return call;
}

/** Arm the call's deadline (sandbox time) with a real timer; the deadline is also checked lazily on every request. */
export function armDeadline(sb: SandboxContext, call: TSimCall, ms: number): void {
  const deadlineAt = sb.store.now() + ms;
  call.deadlineAt = deadlineAt;
  const fire = () => {
    // Node's timers run on a monotonic clock and may fire a millisecond before Date.now() reaches
    // the deadline; expireDue would then find nothing due and the call would never end.
    const early = deadlineAt - sb.store.now();
    if (early > 0 && call.deadlineAt === deadlineAt) sb.store.calls.setCallTimer(call.id, early, fire);
    else void expireDue(sb);
  };
  sb.store.calls.setCallTimer(call.id, ms, fire);
}

/** End every live call whose deadline has passed (the fake clock may have jumped). */
export async function expireDue(sb: SandboxContext): Promise<void> {
  const now = sb.store.now();
  const due = sb.store.calls.live().filter((c) => c.deadlineAt !== null && c.deadlineAt <= now);
  for (const call of due) {
    if (call.direction === "USER_INITIATED") {
      // Meta ends a UIC the business did not accept in time; the user sees "Not answered" (§6.3).
      // The terminate status/code for this case is UNCONFIRMED: FAILED with 138007 (connect timeout).
      await endCall(sb, call, "accept_timeout", callingAsyncError(138007, "The business did not accept the call in time."));
    } else {
      // Ring timeout of an unanswered BIC: FAILED without a documented code (UNCONFIRMED, §6.4).
      await endCall(sb, call, "ring_timeout");
    }
  }
}

/**
 * Terminal step for every call. Idempotent: an ended call stays ended. Sends the terminate webhook,
 * counts unanswered BICs (reaching the limit revokes the permission, §6.7), and — for a UIC when
 * callback permission is on — sends the automatic permission grant the user's phone offers.
 */
export async function endCall(sb: SandboxContext, call: TSimCall, reason: TCallEndReason, error?: TAsyncError, forceFailed = false): Promise<void> {
  if (call.state === "ended") return;
  const { store, sender } = sb;
  const user = callUser(sb, call);
  store.calls.clearCallTimer(call.id);
  call.state = "ended";
  call.endedAt = store.now();
  call.deadlineAt = null;
  call.endReason = reason;
  call.endError = error ?? null;
  call.endStatus = error || forceFailed || reason === "ring_timeout" ? "FAILED" : "COMPLETED";
  logCall(sb, call, "ended", reason);
  if (call.browser) {
    // Fire-and-forget, as the relay below.
    void call.browser.close().catch(() => undefined);
  }
  if (call.relay) {
    const relay = call.relay;
    // Fire-and-forget: closing the relay has no outcome anyone waits for.
    void relay.close().catch(() => undefined);
  }

  const cu = store.calls.user(user.key);
  if (call.direction === "BUSINESS_INITIATED" && call.acceptedAt === null && (reason === "user_rejected" || reason === "user_ignored" || reason === "ring_timeout")) {
    cu.consecutiveUnanswered++;
    if (cu.consecutiveUnanswered >= store.calls.limits.unansweredBeforeRevoke && cu.permission) {
      cu.permission = null;
      logCall(sb, call, "permission_revoked", `${cu.consecutiveUnanswered} unanswered calls in a row`);
    }
  }

  const delivery = sender.deliver("calls", callTerminateValue(store.options, call, user), `call terminate ${call.id}`);
  if (call.direction === "USER_INITIATED" && call.grantCallbackPermission && store.calls.settings.callback_permission_status === "ENABLED") {
    sendPermissionReply(sb, user, call.id, "accept", false, "automatic");
  }
  await delivery;
}

/** The user's phone sends a call_permission_reply (field `messages`), and the permission changes. */
export function sendPermissionReply(
  sb: SandboxContext,
  user: TSimUser,
  contextId: string,
  response: "accept" | "reject",
  permanent: boolean,
  source: "user_action" | "automatic",
): { wamid: string; expiresAt: number | null } {
  const { store, sender } = sb;
  const cu = store.calls.user(user.key);
  let expiresAt: number | null = null;
  if (response === "accept") expiresAt = grantPermission(store, cu, permanent).expiresAt;
  if (contextId.startsWith("wamid.")) cu.answeredRequests.add(contextId);
  const wamid = store.newWamid(user);
  const now = store.now();
  const message = permissionReplyMessage({
    wamid,
    at: now,
    contextFrom: store.options.displayPhoneNumber,
    contextId,
    response,
    permanent: response === "accept" && permanent,
    expiresAt,
    source,
  });
  store.inbound.set(wamid, { wamid, userKey: user.key, type: "interactive", payload: message, createdAt: now, readByBusinessAt: null });
  user.lastUserMessageAt = now;
  void sender.deliver("messages", inboundMessageValue(user, message), `call_permission_reply ${response} from ${user.key}`);
  return { wamid, expiresAt };
}

/** Count a connected call: the BIC daily limit, permission-request counters reset (§6.7). */
function markConnected(sb: SandboxContext, call: TSimCall): void {
  const { store } = sb;
  const now = store.now();
  call.state = "accepted";
  call.acceptedAt = now;
  call.deadlineAt = null;
  store.calls.clearCallTimer(call.id);
  const cu = store.calls.user(call.userKey);
  cu.lastConnectedCallAt = now;
  if (call.direction === "BUSINESS_INITIATED") {
    cu.connectedBicAt.push(now);
    cu.consecutiveUnanswered = 0;
  }
}

/**
 * UIC accepted by the business. With a relay, Meta's 20-second rule is enforced: if the relay has
 * received no RTP from the business by then, the call ends FAILED with 138021 (§6.8).
 */
export function uicAccepted(sb: SandboxContext, call: TSimCall): void {
  markConnected(sb, call);
  logCall(sb, call, "accepted");
  watchMedia(sb, call);
}

function watchMedia(sb: SandboxContext, call: TSimCall): void {
  const relay = call.relay;
  if (!relay) return;
  sb.store.calls.setCallTimer(call.id, sb.store.calls.limits.noMediaTimeoutMs, () => {
    if (call.state !== "ended" && relay.packetsReceived === 0) {
      void endCall(sb, call, "no_media", callingAsyncError(138021, "The WhatsApp client received no media from the business."));
    }
  });
}

/** Start the fake relay for a call and return Meta's offer (UIC). */
export async function relayOffer(call: TSimCall, tone: number | null): Promise<string> {
  call.relay = createMetaRelay(tone !== null ? { tone } : {});
  call.tone = tone;
  return call.relay.createOffer();
}

/**
 * BIC: "Meta" answers the business offer — through the relay when the user has one (real
 * ICE/DTLS/RTP), else with a Meta-shaped SDP — then sends the connect webhook (answer SDP) and
 * RINGING, and starts the ring timeout.
 */
export async function ringBusinessCall(sb: SandboxContext, call: TSimCall, answer: () => Promise<string>): Promise<void> {
  const { store, sender } = sb;
  const user = callUser(sb, call);
  const generation = store.generation;
  try {
    call.answerSdp = await answer();
    if (generation !== store.generation) return; // the sandbox was reset meanwhile
  } catch (err) {
    logCall(sb, call, "relay_failed", err instanceof Error ? err.message : String(err));
    await endCall(sb, call, "relay_failed", callingAsyncError(138019, "The WhatsApp client failed to set up the call."));
    return;
  }
  if (call.state === "ended") return; // terminated while the relay was answering
  const now = store.now();
  logCall(sb, call, "connect_webhook", "answer");
  void sender.deliver("calls", callConnectValue(store.options, call, user, now), `call connect ${call.id}`);
  call.statusesSent.push("RINGING");
  logCall(sb, call, "status", "RINGING");
  void sender.deliver("calls", callStatusValue(call, user, "RINGING", now), `call status RINGING ${call.id}`);
  armDeadline(sb, call, store.calls.limits.ringTimeoutMs);
}

/**
 * BIC: the user picks up. ACCEPTED "typically arrives after the call has been established"
 * (§6.4): with a relay it is sent once ICE/DTLS is up; a business that never completes ICE/DTLS
 * gets the call ended with 138021 instead.
 */
export async function userAnswers(sb: SandboxContext, call: TSimCall, tone: number | null): Promise<void> {
  const { store, sender } = sb;
  const user = callUser(sb, call);
  markConnected(sb, call);
  logCall(sb, call, "user_answered");
  if (call.relay) {
    if (tone !== null) call.relay.playTone(tone);
    try {
      await call.relay.connected(store.calls.limits.noMediaTimeoutMs);
    } catch (err) {
      logCall(sb, call, "media_failed", err instanceof Error ? err.message : String(err));
      await endCall(sb, call, "no_media", callingAsyncError(138021, "The WhatsApp client received no media from the business."));
      return;
    }
  }
  if (call.state === "ended") return;
  call.statusesSent.push("ACCEPTED");
  logCall(sb, call, "status", "ACCEPTED");
  await sender.deliver("calls", callStatusValue(call, user, "ACCEPTED", store.now()), `call status ACCEPTED ${call.id}`);
}

/** BIC: the user declines — REJECTED, then the terminate webhook (§6.4 step 5). */
export async function userRejects(sb: SandboxContext, call: TSimCall): Promise<void> {
  const user = callUser(sb, call);
  call.statusesSent.push("REJECTED");
  logCall(sb, call, "status", "REJECTED");
  void sb.sender.deliver("calls", callStatusValue(call, user, "REJECTED", sb.store.now()), `call status REJECTED ${call.id}`);
  await endCall(sb, call, "user_rejected");
}

/** The business's answer reaches the relay (pre_accept or accept): ICE/DTLS can start. */
export async function relayOfferApply(sb: SandboxContext, call: TSimCall, answerSdp: string): Promise<void> {
  try {
    await call.relay!.applyAnswer(answerSdp);
    logCall(sb, call, "relay_answer_applied");
  } catch (err) {
    // The relay could not use the answer; the no-media rule will end the call, as on a real phone.
    logCall(sb, call, "relay_answer_failed", err instanceof Error ? err.message : String(err));
  }
}

/** Why a user cannot call the business right now (no webhook is sent then, §6.2, §6.7), or null. */
export function userCallRefusal(sb: SandboxContext): "calling_disabled" | "sip_enabled" | "outside_call_hours" | "concurrent_limit" | null {
  const { store } = sb;
  const s = store.calls.settings;
  if (s.status !== "ENABLED") return "calling_disabled";
  if (s.sip.status === "ENABLED") return "sip_enabled";
  if (!withinCallHours(s.call_hours, store.now())) return "outside_call_hours";
  // Excess user-initiated calls: the user sees a generic "can't call", the business gets nothing (§6.7).
  if (store.calls.live().length >= store.calls.limits.concurrentCalls) return "concurrent_limit";
  return null;
}
