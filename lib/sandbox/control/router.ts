import type { SandboxContext } from "../context";
import { type Route, route } from "../http";
import { addFailure, advanceClock, clearFailures, listDeliveries, listTemplatesControl, reset, updateWebhookSettings, verifyWebhook, webhookSettingsView } from "./settings";
import {
  addCallFailure,
  answerCall,
  attachBrowser,
  detachBrowser,
  callAudio,
  clearCallFailures,
  getCall,
  getCallingControl,
  hangupCall,
  ignoreCall,
  listCalls,
  listUserCalls,
  placeUserCall,
  rejectCall,
  replyToPermission,
  revokePermission,
  sendDtmf,
  sendWithheldConnect,
  silenceCall,
  setCallMedia,
  updateCallingControl,
} from "./calls";
import { postUserMessage } from "./user-messages";
import { createUser, getInbox, getUser, listUsers, markDelivered, markRead } from "./users";
import { sendJson } from "../http";

/**
 * Control API for tests and the phone simulator (reference §9.3) — not part of Meta's surface.
 *
 *   POST /control/reset                       forget everything (users, messages, media, knobs, clock)
 *   GET|POST /control/users                   list / create { phone? , username?, name? }
 *   GET  /control/users/:key                  one user (key = wa_id, BSUID or @username)
 *   POST /control/users/:key/messages         the user sends { type: text|image|document|audio|video|location|button_reply|list_reply|button|reaction|contacts, … , wait? }
 *   GET  /control/users/:key/inbox            what the phone shows (received with ticks, sent with blue ticks, typing)
 *   POST /control/users/:key/read             the user reads { wamid? } → read statuses
 *   POST /control/users/:key/delivered        the phone comes online → delivered statuses (autoDeliver off)
 *   POST|DELETE /control/failures             { mode: 429|500|503|130429|131056|190|131047|131026, count? } for the next sends
 *   GET|POST /control/webhook                 delivery knobs { duplicateNext, duplicateAll, reorderStatuses, retryBaseMs, maxAttempts, autoDeliver, windowEnforcement, url, mediaUrlTtlMs }
 *   POST /control/webhook/verify              run Meta's GET verification handshake against the app
 *   GET  /control/deliveries                  every webhook POST with attempts and outcome
 *   POST /control/clock                       { advanceMs } moves the sandbox clock forward
 *   GET  /control/templates                   the fake WABA's templates
 *
 * Calls (control/calls.ts; a wacid in a path must be URL-encoded — it is base64 with "/" and "+"):
 *   POST /control/users/:key/calls            the user calls the business { relay?, tone?, ctaPayload?, deeplinkPayload?, grantCallbackPermission?, withholdConnect? }
 *                                             → connect webhook with Meta's offer; 409 CALL_REFUSED when disabled / outside call hours / over the limit;
 *                                             withholdConnect: true keeps the connect back until POST /control/calls/:id/connect
 *   GET  /control/users/:key/calls            the user's call log, permission status and call media setting
 *   POST /control/users/:key/call-media       { relay, tone? } how the phone takes calls from the business (real media or SDP only)
 *   POST /control/users/:key/call-permission  the user answers the open permission request { response: accept|reject, permanent?, messageId? }
 *   DELETE /control/users/:key/call-permission  the user revokes the permission
 *   GET  /control/calls, /control/calls/:id   the sandbox's view of calls (state, SDPs, timestamps, events, media counters)
 *   POST /control/calls/:id/answer|reject|ignore   the user acts on a ringing business call ({ tone?, wait? } for answer)
 *   POST /control/calls/:id/hangup            the user hangs up { errorCode? } (e.g. 138021 → FAILED)
 *   POST /control/calls/:id/dtmf              { digits } sent in-band by the relay
 *   POST /control/calls/:id/connect           send the withheld connect webhook now (after a hangup: terminate before connect)
 *   POST /control/calls/:id/silence           the phone stops sending media (the call stays up)
 *   GET  /control/calls/:id/audio?freqs=&windowMs=  tone detection on what the user hears (relay calls)
 *   POST /control/calls/:id/browser           { offer } → { answer, call }: the phone simulator's browser becomes the user's
 *                                             microphone and speaker (bridged to the relay; 400 on a malformed SDP)
 *   DELETE /control/calls/:id/browser         the browser leaves; the relay's tone speaks for the user again
 *   GET|POST /control/calling                 limits { acceptTimeoutMs, ringTimeoutMs, noMediaTimeoutMs, permissionTtlMs, permissionRequestsPerDay|Week,
 *                                             connectedCallsPerDay, concurrentCalls, unansweredBeforeRevoke, permissionLookupsPerSecond } + settings
 *   POST|DELETE /control/calling/failures     { code, action?: connect|pre_accept|accept|reject|terminate, count? } next request → Meta error code
 */
export function controlRoutes(sb: SandboxContext): Route[] {
  return [
    route("POST", "/control/reset", (ctx) => reset(sb, ctx)),
    route("GET", "/control/users", (ctx) => listUsers(sb, ctx)),
    route("POST", "/control/users", (ctx) => createUser(sb, ctx)),
    route("GET", "/control/users/:key", (ctx) => getUser(sb, ctx)),
    route("POST", "/control/users/:key/messages", (ctx) => postUserMessage(sb, ctx)),
    route("GET", "/control/users/:key/inbox", (ctx) => getInbox(sb, ctx)),
    route("POST", "/control/users/:key/read", (ctx) => markRead(sb, ctx)),
    route("POST", "/control/users/:key/delivered", (ctx) => markDelivered(sb, ctx)),
    route("POST", "/control/failures", (ctx) => addFailure(sb, ctx)),
    route("DELETE", "/control/failures", (ctx) => clearFailures(sb, ctx)),
    route("GET", "/control/failures", (ctx) => sendJson(ctx.res, 200, { failures: sb.store.failures })),
    route("GET", "/control/webhook", (ctx) => sendJson(ctx.res, 200, webhookSettingsView(sb))),
    route("POST", "/control/webhook", (ctx) => updateWebhookSettings(sb, ctx)),
    route("POST", "/control/webhook/verify", (ctx) => verifyWebhook(sb, ctx)),
    route("GET", "/control/deliveries", (ctx) => listDeliveries(sb, ctx)),
    route("POST", "/control/clock", (ctx) => advanceClock(sb, ctx)),
    route("GET", "/control/templates", (ctx) => listTemplatesControl(sb, ctx)),
    route("POST", "/control/users/:key/calls", (ctx) => placeUserCall(sb, ctx)),
    route("GET", "/control/users/:key/calls", (ctx) => listUserCalls(sb, ctx)),
    route("POST", "/control/users/:key/call-media", (ctx) => setCallMedia(sb, ctx)),
    route("POST", "/control/users/:key/call-permission", (ctx) => replyToPermission(sb, ctx)),
    route("DELETE", "/control/users/:key/call-permission", (ctx) => revokePermission(sb, ctx)),
    route("GET", "/control/calls", (ctx) => listCalls(sb, ctx)),
    route("GET", "/control/calls/:id", (ctx) => getCall(sb, ctx)),
    route("POST", "/control/calls/:id/answer", (ctx) => answerCall(sb, ctx)),
    route("POST", "/control/calls/:id/reject", (ctx) => rejectCall(sb, ctx)),
    route("POST", "/control/calls/:id/ignore", (ctx) => ignoreCall(sb, ctx)),
    route("POST", "/control/calls/:id/hangup", (ctx) => hangupCall(sb, ctx)),
    route("POST", "/control/calls/:id/dtmf", (ctx) => sendDtmf(sb, ctx)),
    route("POST", "/control/calls/:id/connect", (ctx) => sendWithheldConnect(sb, ctx)),
    route("POST", "/control/calls/:id/silence", (ctx) => silenceCall(sb, ctx)),
    route("GET", "/control/calls/:id/audio", (ctx) => callAudio(sb, ctx)),
    route("POST", "/control/calls/:id/browser", (ctx) => attachBrowser(sb, ctx)),
    route("DELETE", "/control/calls/:id/browser", (ctx) => detachBrowser(sb, ctx)),
    route("GET", "/control/calling", (ctx) => getCallingControl(sb, ctx)),
    route("POST", "/control/calling", (ctx) => updateCallingControl(sb, ctx)),
    route("POST", "/control/calling/failures", (ctx) => addCallFailure(sb, ctx)),
    route("DELETE", "/control/calling/failures", (ctx) => clearCallFailures(sb, ctx)),
  ];
}
