import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import type { TCallAction, TSimCall } from "../calls/call-model";
import { endCall, expireDue, logCall, newCall, relayOfferApply, ringBusinessCall, uicAccepted } from "../calls/lifecycle";
import { metaBicAnswer } from "../calls/meta-sdp-template";
import { callUsage, currentPermission } from "../calls/permissions";
import { validateBusinessSdp } from "../calls/validate-call-sdp";
import { createMetaRelay } from "../meta-relay/meta-relay";
import { callingGraphError, sdpGraphError } from "./call-errors";
import { GraphError, graphErrors, sendGraphError } from "./errors";

/**
 * `POST /{version}/{phone-number-id}/calls` (reference §6.3–6.5, §9.1): one endpoint, `action`
 * decides. connect (BIC) answers `{ messaging_product, calls: [{ id }] }`; pre_accept, accept,
 * reject and terminate answer `{ messaging_product, success: true }`. Failures use the Graph error
 * envelope with Meta's calling codes (§6.10).
 */
type Obj = Record<string, unknown>;
const ACTIONS: readonly TCallAction[] = ["connect", "pre_accept", "accept", "reject", "terminate"];

const ok = (ctx: RouteContext) => sendJson(ctx.res, 200, { messaging_product: "whatsapp", success: true });
const afterResponse = (ctx: RouteContext, fn: () => void) => ctx.res.once("finish", fn);
const normalise = (sdp: string) => sdp.replace(/\r?\n/g, "\r\n").trimEnd();

export async function postCalls(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const { store } = sb;
  if (ctx.params.id !== store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("POST", ctx.params.id!));
  let body: unknown;
  try {
    body = await ctx.json();
  } catch {
    return sendGraphError(ctx.res, graphErrors.invalidParameter("Request body is not valid JSON."));
  }
  try {
    await handle(sb, ctx, body);
  } catch (err) {
    if (err instanceof GraphError) return sendGraphError(ctx.res, err);
    throw err;
  }
}

async function handle(sb: SandboxContext, ctx: RouteContext, body: unknown): Promise<void> {
  const { store } = sb;
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw graphErrors.invalidParameter("Request body must be a JSON object.");
  const b = body as Obj;
  if (b.messaging_product === undefined) throw graphErrors.missingParameter("The parameter messaging_product is required.");
  if (b.messaging_product !== "whatsapp") throw graphErrors.invalidParameter("The parameter messaging_product must be set to 'whatsapp'.");
  if (b.action === undefined) throw graphErrors.missingParameter("The parameter action is required.");
  if (typeof b.action !== "string" || !ACTIONS.includes(b.action as TCallAction)) {
    throw graphErrors.invalidParameter(`Invalid action ${JSON.stringify(b.action)}; expected one of ${ACTIONS.join(", ")}.`);
  }
  const action = b.action as TCallAction;
  if (b.biz_opaque_callback_data !== undefined && !(typeof b.biz_opaque_callback_data === "string" && b.biz_opaque_callback_data.length <= 512)) {
    throw graphErrors.invalidParameter("biz_opaque_callback_data must be a string of at most 512 characters.");
  }
  // SIP switches signalling away from Graph (§6.2, 131055); a disabled number refuses calls (138000).
  if (store.calls.settings.sip.status === "ENABLED") throw callingGraphError(131055, "Calling APIs are not available on a number with SIP enabled.");
  await expireDue(sb);

  if (action === "connect") return connect(sb, ctx, b);

  if (typeof b.call_id !== "string" || b.call_id.length === 0) throw graphErrors.missingParameter("The parameter call_id is required.");
  const call = store.calls.calls.get(b.call_id);
  if (!call) throw graphErrors.invalidParameter(`Call ${b.call_id} was not found.`);
  const injected = store.calls.takeFailure(action);
  if (injected) throw callingGraphError(injected.code);

  switch (action) {
    case "terminate":
      return terminate(sb, ctx, call);
    case "reject":
      return reject(sb, ctx, call);
    case "pre_accept":
    case "accept":
      return answer(sb, ctx, call, action, b);
  }
}

/** Terminate is idempotent: an ended call answers success again, with no second webhook. */
function terminate(sb: SandboxContext, ctx: RouteContext, call: TSimCall): void {
  if (call.state === "ended") {
    logCall(sb, call, "terminate_repeated");
    return ok(ctx);
  }
  logCall(sb, call, "business_terminate");
  ok(ctx);
  afterResponse(ctx, () => void endCall(sb, call, "business_terminated"));
}

function reject(sb: SandboxContext, ctx: RouteContext, call: TSimCall): void {
  if (call.direction === "BUSINESS_INITIATED") throw graphErrors.invalidParameter("A business-initiated call cannot be rejected by the business; use terminate.");
  if (call.state === "ended") throw endedError(call);
  if (call.state === "accepted") throw graphErrors.invalidParameter("The call was already accepted; use terminate.");
  logCall(sb, call, "business_reject");
  ok(ctx);
  afterResponse(ctx, () => void endCall(sb, call, "business_rejected"));
}

function endedError(call: TSimCall): GraphError {
  // Accepting after Meta gave up on the call: Meta's connect-timeout code (§6.10).
  if (call.endReason === "accept_timeout") return callingGraphError(138007, "The call was not accepted in time and has ended.");
  return graphErrors.invalidParameter(`The call ${call.id} has already ended.`);
}

async function answer(sb: SandboxContext, ctx: RouteContext, call: TSimCall, action: "pre_accept" | "accept", b: Obj): Promise<void> {
  if (call.direction === "BUSINESS_INITIATED") {
    throw graphErrors.invalidParameter(`${action} is only for user-initiated calls; a business-initiated call is connected by applying the answer from the connect webhook.`);
  }
  if (call.state === "ended") throw endedError(call);
  if (call.state === "accepted") throw graphErrors.invalidParameter("The call was already accepted.");
  const session = b.session as Obj | undefined;
  if (typeof session !== "object" || session === null) throw graphErrors.missingParameter("The parameter session is required.");
  // Meta's table says "offer" here, but "answer" is what works in production (§6.3 DOC CONFLICT, §8 pitfall 8).
  if (session.sdp_type !== "answer") throw sdpGraphError(`session.sdp_type must be 'answer' for ${action} (got ${JSON.stringify(session.sdp_type)}).`);
  validateBusinessSdp(session.sdp, "answer");
  const sdp = session.sdp as string;
  if (call.preAcceptSdp !== null && normalise(call.preAcceptSdp) !== normalise(sdp)) {
    throw sdpGraphError(`The SDP in ${action} does not match the SDP sent with pre_accept for this call.`);
  }
  if (call.answerSdp === null && call.relay) await relayOfferApply(sb, call, sdp);
  call.answerSdp = sdp;
  if (action === "pre_accept") {
    if (call.state === "ringing") {
      call.state = "pre_accepted";
      call.preAcceptedAt = sb.store.now();
      call.preAcceptSdp = sdp;
    }
    logCall(sb, call, "pre_accept");
    return ok(ctx);
  }
  if (typeof b.biz_opaque_callback_data === "string") call.bizOpaqueCallbackData = b.biz_opaque_callback_data;
  uicAccepted(sb, call);
  ok(ctx);
}

async function connect(sb: SandboxContext, ctx: RouteContext, b: Obj): Promise<void> {
  const { store } = sb;
  const to = typeof b.to === "string" && b.to.length > 0 ? b.to : undefined;
  const recipient = typeof b.recipient === "string" && b.recipient.length > 0 ? b.recipient : undefined;
  if (!to && !recipient) throw graphErrors.missingParameter("The parameter to is required.");
  if (to && !/^\+?[\d\s\-()]{5,20}$/.test(to)) throw graphErrors.invalidParameter(`Invalid 'to' parameter: ${to}`);
  const session = b.session as Obj | undefined;
  if (typeof session !== "object" || session === null) throw graphErrors.missingParameter("The parameter session is required.");
  // DOC CONFLICT (§6.9 c): a docs sample sends sdp_type "answer" for connect; Meta needs an offer.
  if (session.sdp_type !== "offer") throw sdpGraphError(`session.sdp_type must be 'offer' for connect (got ${JSON.stringify(session.sdp_type)}).`);
  const offer = validateBusinessSdp(session.sdp, "offer");

  if (store.calls.settings.status !== "ENABLED") throw callingGraphError(138000);
  const injected = store.calls.takeFailure("connect");
  if (injected) throw callingGraphError(injected.code);

  const user = store.findRecipient(to, recipient); // `to` wins when both are given (§6.4)
  if (!user) throw callingGraphError(138001);
  const cu = store.calls.user(user.key);
  if (currentPermission(store, cu).status === "no_permission") throw callingGraphError(138006);
  const usage = callUsage(store, user);
  if (usage.used >= usage.max) {
    const next = usage.resetsAt ?? store.now();
    throw callingGraphError(
      138012,
      `Limit of ${usage.max} connected business initiated calls per 24 hours reached for this user. The next call can be made at ${new Date(next).toISOString()} (${Math.floor(next / 1000)}).`,
    );
  }
  const live = store.calls.live();
  if (live.some((c) => c.userKey === user.key)) throw callingGraphError(138003);
  if (live.length >= store.calls.limits.concurrentCalls) throw callingGraphError(138002);

  const call = newCall(sb, {
    direction: "BUSINESS_INITIATED",
    userKey: user.key,
    offerSdp: session.sdp as string,
    bizOpaqueCallbackData: typeof b.biz_opaque_callback_data === "string" ? b.biz_opaque_callback_data : null,
  });
  logCall(sb, call, "connect_request");
  const media = cu.media;
  if (media.relay) {
    call.relay = createMetaRelay(media.tone !== null ? { tone: media.tone } : {});
    call.tone = media.tone;
  }
  sendJson(ctx.res, 200, { messaging_product: "whatsapp", calls: [{ id: call.id }] });
  const generation = store.generation;
  afterResponse(ctx, () => {
    if (generation !== store.generation) return;
    void ringBusinessCall(sb, call, async () => (call.relay ? call.relay.acceptOffer(call.offerSdp) : metaBicAnswer(offer)));
  });
}
