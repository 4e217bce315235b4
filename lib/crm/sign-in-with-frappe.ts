import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Role } from "@/lib/auth/roles";
import { encryptString } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { type TFrappeAuthConfig, frappeAuthConfig } from "./frappe-auth-config";
import { mapFrappeRoles } from "./frappe-role-map";

/** Frappe's userinfo (`openid_profile`, reference §2.4): `sub` is null for Administrator. */
export const ZFrappeProfileSchema = z.object({
  sub: z.string().nullish(),
  name: z.string().nullish(),
  given_name: z.string().nullish(),
  family_name: z.string().nullish(),
  email: z.string().email(),
  picture: z.string().nullish(),
  roles: z.array(z.string()).default([]),
});
export type TFrappeProfile = z.infer<typeof ZFrappeProfileSchema>;

export interface TFrappeTokens {
  accessToken: string;
  refreshToken?: string | null;
  /** Seconds since the epoch. */
  expiresAt?: number | null;
}

export type SignInWithFrappeResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; workspaceId: string } }
  | { ok: false; message: string };

/**
 * A successful Frappe OAuth round trip → our user. Role from FRAPPE_ROLE_MAP (no mapped role →
 * refused with a message that names the roles). Linked by email to an existing local user;
 * otherwise created as a new user in the default workspace when auto-provisioning is on. The
 * role follows Frappe at every Frappe sign-in (audited as user.role_changed). The OAuth tokens are
 * kept encrypted in CrmAccount for calls made on the user's behalf. Audits auth.signed_in with
 * method "frappe".
 */
export async function signInWithFrappe(options: { profile: TFrappeProfile; tokens: TFrappeTokens; ip?: string | null; config?: TFrappeAuthConfig }): Promise<SignInWithFrappeResult> {
  const config = options.config ?? frappeAuthConfig();
  const p = options.profile;
  const email = p.email.trim().toLowerCase();
  const role = mapFrappeRoles(p.roles, config.roleMap);
  const db = await getDb();
  if (!role) {
    await recordAudit({ action: "auth.sign_in_failed", actorType: "system", ip: options.ip, data: { email, method: "frappe", reason: "no_mapped_role", roles: p.roles } });
    const wanted = config.roleMap.map((m) => m.frappeRole).join(", ");
    return { ok: false, message: `Your Frappe CRM account has none of the roles that give access here (${wanted}). Ask an admin.` };
  }
  let user = await db.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } } });
  if (user?.disabledAt) return { ok: false, message: "This account is disabled. Ask an admin." };
  if (!user) {
    if (!config.autoProvision) {
      await recordAudit({ action: "auth.sign_in_failed", actorType: "system", ip: options.ip, data: { email, method: "frappe", reason: "no_local_user" } });
      return { ok: false, message: `No user here has the email ${email}. Ask an admin to add you.` };
    }
    const ws = config.defaultWorkspaceSlug
      ? await db.workspace.findUnique({ where: { slug: config.defaultWorkspaceSlug } })
      : await db.workspace.findFirst({ orderBy: { createdAt: "asc" } });
    if (!ws) return { ok: false, message: "There is no workspace to add you to. Ask an admin." };
    const name = p.name?.trim() || [p.given_name, p.family_name].filter(Boolean).join(" ") || email;
    user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { workspaceId: ws.id, email, name, role, frappeUser: email } });
      await recordAudit({ tx, workspaceId: ws.id, actorType: "system", action: "user.created", targetType: "user", targetId: created.id, data: { role, via: "frappe" } });
      return created;
    });
  }
  const key = env().encryptionKey;
  const u = user;
  await db.$transaction(async (tx) => {
    if (u.role !== role) {
      await tx.user.update({ where: { id: u.id }, data: { role } });
      await recordAudit({ tx, workspaceId: u.workspaceId, actorType: "system", action: "user.role_changed", targetType: "user", targetId: u.id, data: { from: u.role, to: role, via: "frappe" } });
    }
    await tx.user.update({ where: { id: u.id }, data: { lastLoginAt: new Date(), presence: "online", presenceAt: new Date(), failedLogins: 0 } });
    // One Frappe user ↔ one local user per workspace: a previous link of this Frappe user moves here.
    await tx.crmAccount.deleteMany({ where: { workspaceId: u.workspaceId, frappeUser: email, NOT: { userId: u.id } } });
    const data = {
      frappeUser: email,
      frappeSub: p.sub ?? null,
      frappeRoles: p.roles,
      accessTokenEnc: encryptString(options.tokens.accessToken, key),
      refreshTokenEnc: options.tokens.refreshToken ? encryptString(options.tokens.refreshToken, key) : null,
      expiresAt: options.tokens.expiresAt ? new Date(options.tokens.expiresAt * 1000) : null,
    };
    await tx.crmAccount.upsert({ where: { userId: u.id }, create: { workspaceId: u.workspaceId, userId: u.id, ...data }, update: data });
    await recordAudit({ tx, workspaceId: u.workspaceId, actorId: u.id, action: "auth.signed_in", ip: options.ip, data: { method: "frappe", frappeUser: email } });
  });
  return { ok: true, user: { id: u.id, email: u.email, name: u.name, role, workspaceId: u.workspaceId } };
}
