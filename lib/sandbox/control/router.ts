import type { SandboxContext } from "../context";
import { type Route, route } from "../http";
import { addFailure, advanceClock, clearFailures, listDeliveries, listTemplatesControl, reset, updateWebhookSettings, verifyWebhook, webhookSettingsView } from "./settings";
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
  ];
}
