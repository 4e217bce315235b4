import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import { callPermissionsBody, permissionRequestRefusal } from "../calls/permissions";
import { callingGraphError } from "./call-errors";
import { GraphError, graphErrors, sendGraphError } from "./errors";

/**
 * `GET /{version}/{phone-number-id}/call_permissions?user_wa_id=` (reference §6.6): permission
 * status and expiry plus each action's limits from the sandbox's counters. Limited to 5 requests
 * per second (613, HTTP 429).
 */
export function getCallPermissions(sb: SandboxContext, ctx: RouteContext): void {
  const { store } = sb;
  if (ctx.params.id !== store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("GET", ctx.params.id!));
  const waId = ctx.url.searchParams.get("user_wa_id");
  if (!waId) return sendGraphError(ctx.res, graphErrors.missingParameter("The parameter user_wa_id is required."));
  if (!/^\+?\d{5,20}$/.test(waId)) return sendGraphError(ctx.res, graphErrors.invalidParameter(`Invalid user_wa_id: ${waId}`));
  if (store.calls.lookups.tryTake() > 0) return sendGraphError(ctx.res, callingGraphError(613, "Call permission lookups are limited to 5 requests per second."));
  const digits = waId.replace(/[^\d]/g, "");
  // A user the sandbox does not know yet: no permission, nothing used (nothing is stored for them).
  const user = store.findRecipient(digits, undefined) ?? {
    key: `unknown:${digits}`,
    waId: digits,
    userId: "",
    name: digits,
    hidePhone: false,
    lastUserMessageAt: null,
    typingUntil: null,
    createdAt: store.now(),
  };
  sendJson(ctx.res, 200, callPermissionsBody(store, user));
}

/**
 * Runs before POST /messages: a call permission request (interactive `call_permission_request`, or
 * a template with a `call_permission_request` component)
 * is refused synchronously when the user already gave a permanent permission (138017) or the
 * request limits are used up (138009, §6.7). Everything else is left to the messages endpoint.
 * Returns true when it answered.
 */
export async function guardPermissionRequest(sb: SandboxContext, ctx: RouteContext): Promise<boolean> {
  let body: unknown;
  try {
    body = await ctx.json(); // cached: the messages handler reads the same parsed bytes
  } catch {
    return false; // the messages endpoint answers malformed JSON itself
  }
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  const interactive = b.type === "interactive" && (b.interactive as { type?: unknown } | undefined)?.type === "call_permission_request";
  // The template variant: a template whose components include `call_permission_request` (§6.6).
  const templateName = b.type === "template" ? (b.template as { name?: unknown } | undefined)?.name : undefined;
  const template = templateName !== undefined && sb.store.templates.some((t) => t.name === templateName && t.components.some((c) => c.type.toLowerCase() === "call_permission_request"));
  if (!interactive && !template) return false;
  const user = sb.store.findRecipient(typeof b.to === "string" ? b.to : undefined, typeof b.recipient === "string" ? b.recipient : undefined);
  if (!user) return false;
  const refusal = permissionRequestRefusal(sb.store, user);
  if (!refusal) return false;
  const err: GraphError = callingGraphError(refusal.code, refusal.details);
  sendGraphError(ctx.res, err);
  return true;
}
