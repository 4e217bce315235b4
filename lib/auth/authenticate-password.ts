import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { dummyHash, verifyPassword } from "./password";
import type { Role } from "./roles";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  workspaceId: string;
}

/**
 * Checks an email/password pair. Repeated failures lock the account for AUTH_LOCKOUT_MINUTES
 * (AUTH_MAX_FAILED_LOGINS in a row). Unknown emails take as long as known ones.
 * Throws AppError UNAUTHENTICATED (wrong credentials) or RATE_LIMITED (locked).
 */
export async function authenticatePassword(
  email: string,
  password: string,
  ip?: string | null,
): Promise<AuthenticatedUser> {
  const db = await getDb();
  const { AUTH_MAX_FAILED_LOGINS, AUTH_LOCKOUT_MINUTES } = env();
  const normalized = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: normalized } });

  if (!user || !user.passwordHash || user.disabledAt) {
    await verifyPassword(await dummyHash(), password);
    await recordAudit({ action: "auth.sign_in_failed", actorType: "system", ip, data: { email: normalized, reason: "unknown_user" }, workspaceId: user?.workspaceId });
    throw new AppError("UNAUTHENTICATED", { userMessage: "Wrong email or password." });
  }

  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAudit({ workspaceId: user.workspaceId, actorId: user.id, action: "auth.sign_in_failed", ip, data: { reason: "locked" } });
    throw new AppError("RATE_LIMITED", {
      userMessage: `Too many failed attempts. This account is locked until ${user.lockedUntil.toISOString()}.`,
      details: { lockedUntil: user.lockedUntil.toISOString() },
    });
  }

  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok) {
    const failed = user.failedLogins + 1;
    const lock = failed >= AUTH_MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(Date.now() + AUTH_LOCKOUT_MINUTES * 60_000) : null;
    await db.user.update({
      where: { id: user.id },
      data: { failedLogins: lock ? 0 : failed, lockedUntil },
    });
    await recordAudit({
      workspaceId: user.workspaceId,
      actorId: user.id,
      action: lock ? "auth.locked_out" : "auth.sign_in_failed",
      ip,
      data: { reason: "bad_password", failed },
    });
    if (lock) {
      throw new AppError("RATE_LIMITED", {
        userMessage: `Too many failed attempts. This account is locked for ${AUTH_LOCKOUT_MINUTES} minutes.`,
        details: { lockedUntil: lockedUntil!.toISOString() },
      });
    }
    throw new AppError("UNAUTHENTICATED", { userMessage: "Wrong email or password." });
  }

  await db.user.update({
    where: { id: user.id },
    data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date(), presence: "online", presenceAt: new Date() },
  });
  await recordAudit({ workspaceId: user.workspaceId, actorId: user.id, action: "auth.signed_in", ip, data: { method: "password" } });
  return { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId };
}
