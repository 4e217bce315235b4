import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import { callHoursProblem } from "../calls/call-hours";
import type { TCallingSettings } from "../calls/call-model";
import { graphErrors, sendGraphError } from "./errors";

/**
 * `GET|POST /{version}/{phone-number-id}/settings` — the `calling` block (reference §6.2).
 * POST merges the given fields; `call_hours` replaces the stored hours wholesale (omitting
 * `holiday_schedule` clears it). Invalid values → error 100. Answers `{ success: true }`.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function getSettings(sb: SandboxContext, ctx: RouteContext): void {
  if (ctx.params.id !== sb.store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("GET", ctx.params.id!));
  const s = sb.store.calls.settings;
  const includeSip = ctx.url.searchParams.get("include_sip_credentials") === "true";
  const calling: Obj = {
    status: s.status,
    call_icon_visibility: s.call_icon_visibility,
    call_icons: s.call_icons,
    callback_permission_status: s.callback_permission_status,
    srtp_key_exchange_protocol: s.srtp_key_exchange_protocol,
    sip: includeSip ? { ...s.sip, servers: s.sip.servers.map((x) => ({ ...x, sip_user_password: "sandbox-sip-password" })) } : s.sip,
  };
  if (s.call_hours) calling.call_hours = s.call_hours;
  sendJson(ctx.res, 200, { calling });
}

export async function postSettings(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  if (ctx.params.id !== sb.store.options.phoneNumberId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("POST", ctx.params.id!));
  let body: unknown;
  try {
    body = await ctx.json();
  } catch {
    return sendGraphError(ctx.res, graphErrors.invalidParameter("Request body is not valid JSON."));
  }
  if (!isObj(body)) return sendGraphError(ctx.res, graphErrors.invalidParameter("Request body must be a JSON object."));
  const c = body.calling;
  if (c === undefined) return sendGraphError(ctx.res, graphErrors.missingParameter("The parameter calling is required."));
  if (!isObj(c)) return sendGraphError(ctx.res, graphErrors.invalidParameter("calling must be an object."));
  const problem = settingsProblem(c);
  if (problem) return sendGraphError(ctx.res, graphErrors.invalidParameter(problem));

  const next: TCallingSettings = structuredClone(sb.store.calls.settings);
  if (c.status !== undefined) next.status = c.status as TCallingSettings["status"];
  if (c.call_icon_visibility !== undefined) next.call_icon_visibility = c.call_icon_visibility as TCallingSettings["call_icon_visibility"];
  if (c.call_icons !== undefined) next.call_icons = { restrict_to_user_countries: [...((c.call_icons as Obj).restrict_to_user_countries as string[])] };
  if (c.callback_permission_status !== undefined) next.callback_permission_status = c.callback_permission_status as TCallingSettings["callback_permission_status"];
  if (c.srtp_key_exchange_protocol !== undefined) next.srtp_key_exchange_protocol = c.srtp_key_exchange_protocol as TCallingSettings["srtp_key_exchange_protocol"];
  if (c.sip !== undefined) {
    const sip = c.sip as Obj;
    next.sip = { status: sip.status as "ENABLED" | "DISABLED", servers: Array.isArray(sip.servers) ? (sip.servers as Obj[]) : next.sip.servers };
  }
  if (c.call_hours !== undefined) {
    const h = c.call_hours as Obj;
    next.call_hours = {
      status: h.status as "ENABLED" | "DISABLED",
      timezone_id: h.timezone_id as string,
      weekly_operating_hours: ((h.weekly_operating_hours as Obj[] | undefined) ?? []).map((r) => ({
        day_of_week: String(r.day_of_week),
        open_time: String(r.open_time).replace(":", ""),
        close_time: String(r.close_time).replace(":", ""),
      })),
      holiday_schedule: ((h.holiday_schedule as Obj[] | undefined) ?? []).map((d) => ({
        date: String(d.date),
        start_time: String(d.start_time).replace(":", ""),
        end_time: String(d.end_time).replace(":", ""),
      })),
    };
  }
  sb.store.calls.settings = next;
  sendJson(ctx.res, 200, { success: true });
}

function oneOf(v: unknown, allowed: readonly string[], name: string): string | null {
  return v === undefined || allowed.includes(v as string) ? null : `${name} must be one of ${allowed.join(", ")}.`;
}

function settingsProblem(c: Obj): string | null {
  const known = ["status", "call_icon_visibility", "call_icons", "call_hours", "callback_permission_status", "sip", "srtp_key_exchange_protocol"];
  const unknown = Object.keys(c).find((k) => !known.includes(k));
  if (unknown) return `Unknown calling setting: ${unknown}.`;
  const p =
    oneOf(c.status, ["ENABLED", "DISABLED"], "calling.status") ??
    // The FAQ also mentions HIDE_IN_CHAT; accepted as well.
    oneOf(c.call_icon_visibility, ["DEFAULT", "DISABLE_ALL", "HIDE_IN_CHAT"], "calling.call_icon_visibility") ??
    oneOf(c.callback_permission_status, ["ENABLED", "DISABLED"], "calling.callback_permission_status") ??
    oneOf(c.srtp_key_exchange_protocol, ["DTLS", "SDES"], "calling.srtp_key_exchange_protocol");
  if (p) return p;
  if (c.call_icons !== undefined) {
    const list = isObj(c.call_icons) ? c.call_icons.restrict_to_user_countries : undefined;
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string" && /^[A-Z]{2}$/.test(x))) {
      return "call_icons.restrict_to_user_countries must be an array of ISO country codes.";
    }
  }
  if (c.sip !== undefined && !(isObj(c.sip) && (c.sip.status === "ENABLED" || c.sip.status === "DISABLED"))) return "sip.status must be ENABLED or DISABLED.";
  if (c.call_hours !== undefined) return callHoursProblem(c.call_hours);
  return null;
}
