import { z } from "zod";
import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import type { TSimCall } from "../calls/call-model";
import { armDeadline, callUser, endCall, expireDue, logCall, newCall, relayOffer, sendPermissionReply, userAnswers, userCallRefusal, userRejects } from "../calls/lifecycle";
import { callConnectValue } from "../calls/call-payloads";
import { metaUicOffer } from "../calls/meta-sdp-template";
import { currentPermission, openPermissionRequest } from "../calls/permissions";
import { callingAsyncError, INJECTABLE_CALL_ERROR_CODES } from "../graph/call-errors";
import { BrowserOfferError, createBrowserBridge, readBrowserOffer, type BrowserOffer } from "../meta-relay/browser-bridge";
import { badRequest, notFound, parseBody } from "./respond";
import { findUserOr404 } from "./users";

/**
 * Control API for calls (reference §9.3): the simulated user places, answers, rejects, ignores and
 * hangs up calls and answers permission requests; tests inspect the sandbox's view of a call and
 * configure limits and failures. Routes are listed in control/router.ts.
 */
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function callView(sb: SandboxContext, c: TSimCall): Record<string, unknown> {
  const end = c.endedAt ?? sb.store.now();
  return {
    id: c.id,
    direction: c.direction,
    userKey: c.userKey,
    state: c.state,
    offerSdp: c.offerSdp,
    answerSdp: c.answerSdp,
    preAcceptSdp: c.preAcceptSdp,
    createdAt: iso(c.createdAt),
    preAcceptedAt: iso(c.preAcceptedAt),
    acceptedAt: iso(c.acceptedAt),
    endedAt: iso(c.endedAt),
    deadlineAt: iso(c.deadlineAt),
    durationSeconds: c.acceptedAt !== null ? Math.max(0, Math.floor(end / 1000) - Math.floor(c.acceptedAt / 1000)) : null,
    endReason: c.endReason,
    endStatus: c.endStatus,
    endError: c.endError,
    bizOpaqueCallbackData: c.bizOpaqueCallbackData,
    statusesSent: c.statusesSent,
    events: c.events.map((e) => ({ ...e, at: iso(e.at) })),
    media: c.relay
      ? {
          tone: c.tone,
          connectionState: c.relay.connectionState,
          packetsSent: c.relay.packetsSent,
          packetsReceived: c.relay.packetsReceived,
          receivedDtmf: c.relay.receivedDtmf,
          seqGaps: c.relay.seqGaps,
        }
      : null,
    browser: c.browser
      ? { connectionState: c.browser.connectionState, sends: c.browser.browserSends, packetsFromBrowser: c.browser.packetsFromBrowser, packetsToBrowser: c.browser.packetsToBrowser }
      : null,
  };
}

function findCallOr404(sb: SandboxContext, ctx: RouteContext): TSimCall | undefined {
  const call = sb.store.calls.calls.get(ctx.params.id!);
  if (!call) notFound(ctx, `No call ${ctx.params.id}`);
  return call;
}

function conflict(ctx: RouteContext, code: string, message: string): void {
  sendJson(ctx.res, 409, { error: { code, message } });
}

const ZTone = z.number().min(50).max(8000);

export const ZPlaceCallSchema = z
  .object({
    /** Carry real media through a fake Meta relay (werift, ICE-lite) instead of a Meta-shaped SDP only. */
    relay: z.boolean().optional(),
    /** With a relay: play a sine at this frequency once connected. */
    tone: ZTone.optional(),
    ctaPayload: z.string().max(512).optional(),
    deeplinkPayload: z.string().max(512).optional(),
    /** The user accepts the call-back prompt after the call (needs callback_permission_status ENABLED). */
    grantCallbackPermission: z.boolean().optional(),
    /**
     * Hold the `connect` webhook back until `POST /control/calls/:id/connect`: with a hang-up in
     * between, Meta's terminate reaches the business before the connect (reference §8).
     */
    withholdConnect: z.boolean().optional(),
  })
  .strict();

/** The user calls the business: the `connect` webhook carries Meta's offer; the accept deadline starts. */
export async function placeUserCall(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const input = await parseBody(ctx, ZPlaceCallSchema);
  if (!input) return;
  const { store, sender } = sb;
  await expireDue(sb);
  const refusal = userCallRefusal(sb);
  if (refusal) return conflict(ctx, "CALL_REFUSED", `The user cannot call the business now: ${refusal}. No webhook was sent.`);
  if (store.calls.live().some((c) => c.userKey === user.key)) return conflict(ctx, "CALL_IN_PROGRESS", "This user is already on a call with the business.");

  const call = newCall(sb, {
    direction: "USER_INITIATED",
    userKey: user.key,
    offerSdp: "",
    ctaPayload: input.ctaPayload ?? null,
    deeplinkPayload: input.deeplinkPayload ?? null,
    grantCallbackPermission: input.grantCallbackPermission ?? false,
  });
  try {
    call.offerSdp = input.relay ? await relayOffer(call, input.tone ?? null) : metaUicOffer();
  } catch (err) {
    store.calls.calls.delete(call.id);
    if (call.relay) void call.relay.close().catch(() => undefined); // nothing else to clean up
    return sendJson(ctx.res, 500, { error: { code: "RELAY_FAILED", message: err instanceof Error ? err.message : String(err) } });
  }
  call.createdAt = store.now();
  logCall(sb, call, "user_called");
  // Calling the business opens / refreshes the 24-hour window (§6.13).
  user.lastUserMessageAt = store.now();
  armDeadline(sb, call, store.calls.limits.acceptTimeoutMs);
  if (input.withholdConnect) {
    logCall(sb, call, "connect_withheld");
    return sendJson(ctx.res, 201, callView(sb, call));
  }
  const delivery = sender.deliver("calls", callConnectValue(store.options, call, user, call.createdAt), `call connect ${call.id}`);
  logCall(sb, call, "connect_webhook", "offer");
  sendJson(ctx.res, 201, callView(sb, call));
  void delivery;
}

/**
 * Sends a withheld `connect` webhook now (the payload it would have had when the user called), in
 * whatever state the call is: after a hang-up this is Meta's late connect. Answers once the app
 * took the delivery (`delivered` false when it never answered 200).
 */
export async function sendWithheldConnect(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  if (call.direction !== "USER_INITIATED" || !call.events.some((e) => e.what === "connect_withheld")) {
    return conflict(ctx, "INVALID_STATE", "Only a user-initiated call placed with withholdConnect has a connect to send.");
  }
  if (call.events.some((e) => e.what === "connect_webhook")) return conflict(ctx, "INVALID_STATE", "The connect webhook was sent already.");
  logCall(sb, call, "connect_webhook", call.state === "ended" ? "offer, after the terminate" : "offer");
  const delivery = await sb.sender.deliver("calls", callConnectValue(sb.store.options, call, callUser(sb, call), call.createdAt), `call connect ${call.id}`);
  sendJson(ctx.res, 200, { delivery, call: callView(sb, call) });
}

export function listUserCalls(sb: SandboxContext, ctx: RouteContext): void {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const calls = [...sb.store.calls.calls.values()].filter((c) => c.userKey === user.key).sort((a, b) => b.createdAt - a.createdAt);
  const cu = sb.store.calls.user(user.key);
  const perm = currentPermission(sb.store, cu);
  sendJson(ctx.res, 200, {
    data: calls.map((c) => callView(sb, c)),
    permission: { status: perm.status, expiresAt: iso(perm.expiresAt) },
    media: cu.media,
  });
}

export function listCalls(sb: SandboxContext, ctx: RouteContext): void {
  const calls = [...sb.store.calls.calls.values()].sort((a, b) => b.createdAt - a.createdAt);
  sendJson(ctx.res, 200, { data: calls.map((c) => callView(sb, c)) });
}

export async function getCall(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  await expireDue(sb);
  const call = findCallOr404(sb, ctx);
  if (call) sendJson(ctx.res, 200, callView(sb, call));
}

export const ZCallMediaSchema = z.object({ relay: z.boolean(), tone: ZTone.nullable().optional() }).strict();

/** How this user's phone handles calls from the business: with a relay (real media) or SDP only. */
export async function setCallMedia(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const input = await parseBody(ctx, ZCallMediaSchema);
  if (!input) return;
  const cu = sb.store.calls.user(user.key);
  cu.media = { relay: input.relay, tone: input.tone ?? null };
  sendJson(ctx.res, 200, { media: cu.media });
}

function liveBusinessCall(sb: SandboxContext, ctx: RouteContext): TSimCall | undefined {
  const call = findCallOr404(sb, ctx);
  if (!call) return undefined;
  if (call.direction !== "BUSINESS_INITIATED") {
    badRequest(ctx, "Only calls from the business ring on the user's phone.");
    return undefined;
  }
  if (call.state !== "ringing") {
    conflict(ctx, "INVALID_STATE", `The call is ${call.state}, not ringing.`);
    return undefined;
  }
  if (call.answerSdp === null) {
    conflict(ctx, "INVALID_STATE", "The phone is not ringing yet (Meta's answer is still being prepared).");
    return undefined;
  }
  return call;
}

export const ZAnswerSchema = z.object({ tone: ZTone.optional(), wait: z.boolean().optional() }).strict();

export async function answerCall(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  await expireDue(sb);
  const call = liveBusinessCall(sb, ctx);
  if (!call) return;
  const input = await parseBody(ctx, ZAnswerSchema);
  if (!input) return;
  const done = userAnswers(sb, call, input.tone ?? null);
  // With a relay, ACCEPTED waits for ICE/DTLS; `wait: true` holds the answer until then.
  if (input.wait) await done;
  else void done;
  sendJson(ctx.res, 200, callView(sb, call));
}

export async function rejectCall(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  await expireDue(sb);
  const call = liveBusinessCall(sb, ctx);
  if (!call) return;
  await userRejects(sb, call);
  sendJson(ctx.res, 200, callView(sb, call));
}

/** The user lets it ring out: ends now as an unanswered call (ring timeout). */
export async function ignoreCall(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  await expireDue(sb);
  const call = liveBusinessCall(sb, ctx);
  if (!call) return;
  await endCall(sb, call, "user_ignored", undefined, true);
  sendJson(ctx.res, 200, callView(sb, call));
}

export const ZHangupSchema = z
  .object({
    /** End the call as FAILED with this terminate-webhook error (e.g. 138021, 138022). */
    errorCode: z.number().int().refine((c) => INJECTABLE_CALL_ERROR_CODES.includes(c), "not a calling error code").optional(),
  })
  .strict();

export async function hangupCall(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  await expireDue(sb);
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  const input = await parseBody(ctx, ZHangupSchema);
  if (!input) return;
  if (call.state === "ended") return conflict(ctx, "INVALID_STATE", "The call has already ended.");
  await endCall(sb, call, "user_hangup", input.errorCode !== undefined ? callingAsyncError(input.errorCode) : undefined);
  sendJson(ctx.res, 200, callView(sb, call));
}

export const ZDtmfSchema = z.object({ digits: z.string().regex(/^[0-9*#A-D]{1,32}$/i) }).strict();

export async function sendDtmf(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  const input = await parseBody(ctx, ZDtmfSchema);
  if (!input) return;
  if (!call.relay || call.state !== "accepted") return conflict(ctx, "INVALID_STATE", "DTMF needs a connected call with a relay.");
  await call.relay.sendDtmf(input.digits);
  sendJson(ctx.res, 200, { sent: input.digits });
}

/**
 * The user's phone stops sending media (network loss, app killed) while the call stays up on
 * Meta's side: the business's media-server must notice the silence and end the call.
 */
export function silenceCall(sb: SandboxContext, ctx: RouteContext): void {
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  if (!call.relay || call.state === "ended") return conflict(ctx, "INVALID_STATE", "Silence needs a live call with a relay.");
  call.relay.stopMedia();
  logCall(sb, call, "user_silent", "the phone stopped sending media");
  sendJson(ctx.res, 200, callView(sb, call));
}

/** What the user hears: tone detection over the last `windowMs` of audio from the business. */
export function callAudio(sb: SandboxContext, ctx: RouteContext): void {
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  if (!call.relay) return conflict(ctx, "INVALID_STATE", "The call has no relay.");
  const freqs = (ctx.url.searchParams.get("freqs") ?? "440,880").split(",").map(Number).filter((f) => f > 0);
  const windowMs = Number(ctx.url.searchParams.get("windowMs") ?? 1000);
  sendJson(ctx.res, 200, { packetsReceived: call.relay.packetsReceived, detection: call.relay.detect(freqs, windowMs) });
}

export const ZBrowserOfferSchema = z.object({ offer: z.string().min(1).max(64 * 1024) }).strict();

/**
 * The phone simulator's browser joins the call as the user's microphone and speaker: its SDP offer
 * (ICE gathering complete) → the sandbox's answer. The relay keeps facing the business unchanged;
 * a second browser replaces the first (a reloaded page).
 */
export async function attachBrowser(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  const input = await parseBody(ctx, ZBrowserOfferSchema);
  if (!input) return;
  let offer: BrowserOffer;
  try {
    offer = readBrowserOffer(input.offer);
  } catch (err) {
    if (err instanceof BrowserOfferError) return badRequest(ctx, err.message);
    throw err;
  }
  if (!call.relay || call.state === "ended") return conflict(ctx, "INVALID_STATE", "Only a live call with a relay can carry the browser's audio.");
  const previous = call.browser;
  call.browser = null;
  if (previous) await previous.close();
  let bridge: Awaited<ReturnType<typeof createBrowserBridge>>;
  try {
    bridge = await createBrowserBridge({
      relay: call.relay,
      offer,
      silenceTimeoutMs: sb.store.options.browserSilenceMs,
      onClose: () => {
        if (call.browser !== bridge) return;
        call.browser = null;
        logCall(sb, call, "browser_left");
      },
    });
  } catch (err) {
    if (err instanceof BrowserOfferError) return badRequest(ctx, err.message);
    throw err;
  }
  if (call.endedAt !== null) {
    await bridge.close();
    return conflict(ctx, "INVALID_STATE", "The call ended while the browser was joining.");
  }
  call.browser = bridge;
  logCall(sb, call, "browser_joined", bridge.browserSends ? "microphone" : "listening only");
  sendJson(ctx.res, 200, { answer: bridge.answer, call: callView(sb, call) });
}

/** The browser leaves (page closed, microphone turned off): the relay's tone speaks for the user again. */
export async function detachBrowser(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const call = findCallOr404(sb, ctx);
  if (!call) return;
  await call.browser?.close();
  sendJson(ctx.res, 200, callView(sb, call));
}

export const ZPermissionReplySchema = z
  .object({
    response: z.enum(["accept", "reject"]),
    /** Grant permanently (since 3 Nov 2025) instead of for 7 days. */
    permanent: z.boolean().optional(),
    /** The permission request message answered; default: the newest open one. */
    messageId: z.string().min(1).optional(),
  })
  .strict();

/** The user answers the business's call permission request → `call_permission_reply` webhook. */
export async function replyToPermission(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  const input = await parseBody(ctx, ZPermissionReplySchema);
  if (!input) return;
  const request = openPermissionRequest(sb.store, user, input.messageId);
  if (!request) return conflict(ctx, "NO_OPEN_REQUEST", "There is no open call permission request to answer (none sent, answered, superseded or expired).");
  const r = sendPermissionReply(sb, user, request.wamid, input.response, input.permanent ?? false, "user_action");
  sendJson(ctx.res, 200, { wamid: r.wamid, replyTo: request.wamid, response: input.response, expiresAt: iso(r.expiresAt) });
}

/** The user revokes the permission in the business profile. */
export function revokePermission(sb: SandboxContext, ctx: RouteContext): void {
  const user = findUserOr404(sb, ctx);
  if (!user) return;
  sb.store.calls.user(user.key).permission = null;
  sendJson(ctx.res, 200, { permission: { status: "no_permission" } });
}

export const ZCallingControlSchema = z
  .object({
    acceptTimeoutMs: z.number().int().min(1).optional(),
    ringTimeoutMs: z.number().int().min(1).optional(),
    noMediaTimeoutMs: z.number().int().min(1).optional(),
    permissionTtlMs: z.number().int().min(1).optional(),
    permissionRequestsPerDay: z.number().int().min(0).optional(),
    permissionRequestsPerWeek: z.number().int().min(0).optional(),
    connectedCallsPerDay: z.number().int().min(0).optional(),
    concurrentCalls: z.number().int().min(0).optional(),
    unansweredBeforeRevoke: z.number().int().min(1).optional(),
    permissionLookupsPerSecond: z.number().min(0.001).optional(),
  })
  .strict();

function callingView(sb: SandboxContext): Record<string, unknown> {
  const c = sb.store.calls;
  return { limits: c.limits, settings: c.settings, failures: c.failures, liveCalls: c.live().length };
}

export function getCallingControl(sb: SandboxContext, ctx: RouteContext): void {
  sendJson(ctx.res, 200, callingView(sb));
}

export async function updateCallingControl(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const input = await parseBody(ctx, ZCallingControlSchema);
  if (!input) return;
  sb.store.calls.setLimits(input);
  sendJson(ctx.res, 200, callingView(sb));
}

export const ZCallFailureSchema = z
  .object({
    code: z.number().int().refine((c) => INJECTABLE_CALL_ERROR_CODES.includes(c), "not a calling error code (reference §6.10)"),
    action: z.enum(["connect", "pre_accept", "accept", "reject", "terminate"]).optional(),
    count: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export async function addCallFailure(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const input = await parseBody(ctx, ZCallFailureSchema);
  if (!input) return;
  for (let i = 0; i < (input.count ?? 1); i++) sb.store.calls.failures.push({ action: input.action ?? "connect", code: input.code });
  sendJson(ctx.res, 200, { failures: sb.store.calls.failures });
}

export function clearCallFailures(sb: SandboxContext, ctx: RouteContext): void {
  sb.store.calls.failures = [];
  sendJson(ctx.res, 200, { failures: [] });
}
