import "server-only";
import type { Prisma } from "@prisma/client";
import type { Principal } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { getMe } from "./get-me";
import type { TMe, TUpdateMe } from "./me.schema";

export interface UpdateMeOptions {
  principal: Principal;
  input: TUpdateMe;
  ip?: string | null;
}

/**
 * A signed-in user sets their own presence (online / away / offline, stamped in presenceAt for
 * longest-idle routing) or display name. Presence changes are not audited (too chatty); a name
 * change is (`user.updated`), in the same transaction.
 */
export async function updateMe({ principal, input, ip }: UpdateMeOptions): Promise<TMe> {
  if (principal.kind !== "user" || !principal.userId) {
    throw new AppError("FORBIDDEN", { userMessage: "Only signed-in users have a profile; API keys cannot change it." });
  }
  const userId = principal.userId;
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, workspaceId: principal.workspaceId } });
    if (!user) throw new AppError("UNAUTHENTICATED");
    const data: Prisma.UserUpdateInput = {};
    if (input.presence !== undefined) {
      data.presence = input.presence;
      data.presenceAt = new Date();
    }
    const renamed = input.name !== undefined && input.name !== user.name;
    if (renamed) data.name = input.name;
    if (Object.keys(data).length === 0) return;
    await tx.user.update({ where: { id: userId }, data });
    if (renamed) {
      await recordAudit({
        tx,
        workspaceId: principal.workspaceId,
        actorId: userId,
        actorType: "user",
        ip: ip ?? null,
        action: "user.updated",
        targetType: "user",
        targetId: userId,
        data: { changes: { name: { from: user.name, to: input.name! } } },
      });
    }
  });
  return getMe({ principal });
}
