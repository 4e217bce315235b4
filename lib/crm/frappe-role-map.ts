import { z } from "zod";
import type { Role } from "@/lib/auth/roles";

/**
 * Frappe roles → our role, by the rule in FRAPPE_ROLE_MAP: comma-separated `Frappe Role=ourrole`
 * pairs, e.g. "System Manager=admin,Sales Manager=supervisor,Sales User=agent". A user with several
 * mapped roles gets the highest (admin > supervisor > agent); none mapped → null (sign-in refused).
 * Frappe's userinfo lists every role the user has, including "All" and "Guest" (reference §2.4).
 */
export const DEFAULT_FRAPPE_ROLE_MAP = "System Manager=admin,Sales Manager=supervisor,Sales User=agent";
const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export type TFrappeRoleMap = { frappeRole: string; role: Role }[];

const ZRoleSchema = z.enum(["admin", "supervisor", "agent"]);

export function parseFrappeRoleMap(spec: string | undefined): TFrappeRoleMap {
  const text = spec?.trim() ? spec : DEFAULT_FRAPPE_ROLE_MAP;
  const out: TFrappeRoleMap = [];
  for (const part of text.split(",")) {
    if (!part.trim()) continue;
    const i = part.lastIndexOf("=");
    const frappeRole = i > 0 ? part.slice(0, i).trim() : "";
    const role = ZRoleSchema.safeParse(i > 0 ? part.slice(i + 1).trim().toLowerCase() : "");
    if (!frappeRole || !role.success) {
      throw new Error(`FRAPPE_ROLE_MAP: "${part.trim()}" is not "Frappe Role=admin|supervisor|agent"`);
    }
    out.push({ frappeRole, role: role.data });
  }
  return out;
}

export function mapFrappeRoles(frappeRoles: readonly string[], map: TFrappeRoleMap): Role | null {
  const have = new Set(frappeRoles.map((r) => r.trim().toLowerCase()));
  let best: Role | null = null;
  for (const m of map) {
    if (have.has(m.frappeRole.toLowerCase()) && (!best || RANK[m.role] > RANK[best])) best = m.role;
  }
  return best;
}
