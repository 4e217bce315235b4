import type { SandboxStore, TSimOutbound, TSimUser } from "../store";
import { DAY_MS, WEEK_MS, type TPermissionStatus, type TSimCallUser } from "./call-model";

/**
 * Call permissions per (business number, user) (reference §6.6, §6.7): temporary (7 days from
 * approval) or permanent; permission requests limited per 24 h and per 7 days, counters reset by
 * any connected call; connected business-initiated calls limited per 24 h. Requests are the
 * permission-request messages the app sent through POST /messages (interactive
 * `call_permission_request`, or a template with a `call_permission_request` component).
 */

export function currentPermission(store: SandboxStore, cu: TSimCallUser): { status: TPermissionStatus; expiresAt: number | null } {
  const p = cu.permission;
  if (!p) return { status: "no_permission", expiresAt: null };
  if (p.expiresAt !== null && store.now() >= p.expiresAt) {
    cu.permission = null;
    return { status: "no_permission", expiresAt: null };
  }
  return { status: p.status, expiresAt: p.expiresAt };
}

export function isPermissionRequest(store: SandboxStore, o: TSimOutbound): boolean {
  if (o.type === "interactive") return (o.request.interactive as { type?: unknown } | undefined)?.type === "call_permission_request";
  if (o.type === "template") {
    const name = (o.request.template as { name?: unknown } | undefined)?.name;
    const t = store.templates.find((x) => x.name === name);
    return !!t?.components.some((c) => c.type.toLowerCase() === "call_permission_request");
  }
  return false;
}

/** Permission requests to this user that count against the limits (not failed, since the last connected call). */
export function countedRequests(store: SandboxStore, user: TSimUser): TSimOutbound[] {
  const cu = store.calls.user(user.key);
  return [...store.outbound.values()].filter(
    (o) => o.userKey === user.key && o.status !== "failed" && isPermissionRequest(store, o) && (cu.lastConnectedCallAt === null || o.createdAt > cu.lastConnectedCallAt),
  );
}

interface TWindowUsage {
  used: number;
  max: number;
  /** When the oldest counted item leaves the window (only when the limit is reached). */
  resetsAt: number | null;
}

function usage(times: number[], now: number, periodMs: number, max: number): TWindowUsage {
  const inWindow = times.filter((t) => now - t < periodMs).sort((a, b) => a - b);
  const resetsAt = inWindow.length >= max && inWindow.length > 0 ? inWindow[inWindow.length - max]! + periodMs : null;
  return { used: inWindow.length, max, resetsAt };
}

export function requestUsage(store: SandboxStore, user: TSimUser): { day: TWindowUsage; week: TWindowUsage } {
  const now = store.now();
  const times = countedRequests(store, user).map((o) => o.createdAt);
  const l = store.calls.limits;
  return { day: usage(times, now, DAY_MS, l.permissionRequestsPerDay), week: usage(times, now, WEEK_MS, l.permissionRequestsPerWeek) };
}

export function callUsage(store: SandboxStore, user: TSimUser): TWindowUsage {
  const cu = store.calls.user(user.key);
  return usage(cu.connectedBicAt, store.now(), DAY_MS, store.calls.limits.connectedCallsPerDay);
}

/** Why a permission request may not be sent now: 138017 (permanent permission) or 138009 (limits). */
export function permissionRequestRefusal(store: SandboxStore, user: TSimUser): { code: 138009 | 138017; details: string } | null {
  const cu = store.calls.user(user.key);
  if (currentPermission(store, cu).status === "permanent") {
    return { code: 138017, details: "The user has already granted a permanent call permission to this business." };
  }
  const u = requestUsage(store, user);
  if (u.day.used >= u.day.max) return { code: 138009, details: `Limit of ${u.day.max} call permission request(s) per 24 hours reached for this user.` };
  if (u.week.used >= u.week.max) return { code: 138009, details: `Limit of ${u.week.max} call permission request(s) per 7 days reached for this user.` };
  return null;
}

/**
 * The permission request the user can still answer: the newest one, unless they already acted on
 * it or it is older than 7 days (acting on a newer request expires the older ones, §6.7).
 */
export function openPermissionRequest(store: SandboxStore, user: TSimUser, wamid?: string): TSimOutbound | null {
  const all = [...store.outbound.values()]
    .filter((o) => o.userKey === user.key && o.status !== "failed" && isPermissionRequest(store, o))
    .sort((a, b) => a.createdAt - b.createdAt);
  const newest = all.at(-1);
  if (!newest) return null;
  if (wamid !== undefined && newest.wamid !== wamid) return null;
  const cu = store.calls.user(user.key);
  if (cu.answeredRequests.has(newest.wamid)) return null;
  if (store.now() - newest.createdAt >= WEEK_MS) return null;
  return newest;
}

export function grantPermission(store: SandboxStore, cu: TSimCallUser, permanent: boolean): { expiresAt: number | null } {
  const now = store.now();
  const expiresAt = permanent ? null : now + store.calls.limits.permissionTtlMs;
  cu.permission = { status: permanent ? "permanent" : "temporary", grantedAt: now, expiresAt };
  cu.consecutiveUnanswered = 0;
  return { expiresAt };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Meta's `GET call_permissions` body (§6.6) from the sandbox's counters. */
export function callPermissionsBody(store: SandboxStore, user: TSimUser): Record<string, unknown> {
  const cu = store.calls.user(user.key);
  const perm = currentPermission(store, cu);
  const req = requestUsage(store, user);
  const calls = callUsage(store, user);
  const limit = (period: string, u: TWindowUsage) => ({
    time_period: period,
    max_allowed: u.max,
    current_usage: u.used,
    ...(u.resetsAt !== null ? { limit_expiration_time: seconds(u.resetsAt) } : {}),
  });
  return {
    messaging_product: "whatsapp",
    permission: { status: perm.status, ...(perm.expiresAt !== null ? { expiration_time: seconds(perm.expiresAt) } : {}) },
    actions: [
      {
        action_name: "send_call_permission_request",
        can_perform_action: permissionRequestRefusal(store, user) === null,
        limits: [limit("PT24H", req.day), limit("P7D", req.week)],
      },
      {
        action_name: "start_call",
        can_perform_action: perm.status !== "no_permission" && calls.used < calls.max,
        limits: [limit("PT24H", calls)],
      },
    ],
  };
}
