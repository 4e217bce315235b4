import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";

/**
 * Agent ↔ Frappe user mapping, in this order: a CrmAccount (made when the agent signed in with
 * Frappe), then `User.frappeUser` (set by an admin), then the same email (Frappe user names are
 * normally the email, reference §2.5). Only active users of the workspace. Null when nobody maps.
 */
export async function findUserByFrappeUser(options: {
  workspaceId: string;
  frappeUser: string;
  tx?: Prisma.TransactionClient;
}): Promise<{ id: string } | null> {
  const db = options.tx ?? (await getDb());
  const frappeUser = options.frappeUser.trim();
  if (!frappeUser) return null;
  const account = await db.crmAccount.findFirst({
    where: { workspaceId: options.workspaceId, frappeUser: { equals: frappeUser, mode: "insensitive" } },
    select: { userId: true },
  });
  const active = { workspaceId: options.workspaceId, disabledAt: null };
  if (account) {
    const u = await db.user.findFirst({ where: { id: account.userId, ...active }, select: { id: true } });
    if (u) return u;
  }
  return (
    (await db.user.findFirst({ where: { ...active, frappeUser: { equals: frappeUser, mode: "insensitive" } }, select: { id: true } })) ??
    (await db.user.findFirst({ where: { ...active, email: { equals: frappeUser, mode: "insensitive" } }, select: { id: true } }))
  );
}

/**
 * The Frappe user (email) an agent acts as in the CRM: CrmAccount, else User.frappeUser, else the
 * agent's email (lead creation drops an owner Frappe does not know, see find-or-create-lead.ts).
 */
export async function frappeUserOf(options: { userId: string; tx?: Prisma.TransactionClient }): Promise<string | null> {
  const db = options.tx ?? (await getDb());
  const account = await db.crmAccount.findUnique({ where: { userId: options.userId }, select: { frappeUser: true } });
  if (account) return account.frappeUser;
  const user = await db.user.findUnique({ where: { id: options.userId }, select: { frappeUser: true, email: true } });
  return user ? (user.frappeUser ?? user.email) : null;
}
