import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { principalFromCookies, type Principal } from "./principal";
import { can, type Permission } from "./roles";

export type PageAccess = { ok: true; principal: Principal } | { ok: false; principal: Principal; reason: "forbidden" };

/**
 * For server-component pages: redirects to /signin without a session; returns `{ ok: false }`
 * when the role lacks the permission so the page can render its 403 state (HTTP status stays 200
 * for streamed pages; the page shows "You don't have access").
 */
export async function requirePage(permission?: Permission, callbackUrl?: string): Promise<PageAccess> {
  const store = await cookies();
  const jar: Record<string, string> = {};
  for (const c of store.getAll()) jar[c.name] = c.value;
  const principal = await principalFromCookies(jar);
  if (!principal) redirect(`/signin${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
  if (permission && !can(principal.role, permission)) return { ok: false, principal, reason: "forbidden" };
  return { ok: true, principal };
}
