import "server-only";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { toUserDTO, USER_DTO_SELECT } from "./user.mapper";
import type { TUpdateUser, TUser } from "./user.schema";

export interface UpdateUserOptions {
  workspaceId: string;
  userId: string;
  actor: Actor;
  input: TUpdateUser;
}

/**
 * An admin edits a user: name, capacity, role, disabled. Each kind of change gets its own audit
 * entry (user.updated, user.role_changed {from,to}, user.disabled / user.enabled) in the same
 * transaction as the change.
 *
 * A workspace always keeps one active admin: demoting or disabling the last one is a CONFLICT.
 * Role/disable changes lock the workspace row first, so two admins demoting each other at the same
 * moment cannot both succeed — the second waits, sees the first's commit and is refused.
 */
export async function updateUser({ workspaceId, userId, actor, input }: UpdateUserOptions): Promise<TUser> {
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    if (input.role !== undefined || input.disabled !== undefined) {
      // Serialise admin changes per workspace by taking the workspace row's lock (a no-op UPDATE),
      // then count with a fresh statement: a concurrent demotion commits first and is seen here.
      // Plain Prisma, no raw SQL (raw SQL would miss the adapter's schema in tests).
      await tx.workspace.update({ where: { id: workspaceId }, data: { updatedAt: new Date() } });
    }
    const user = await tx.user.findFirst({ where: { id: userId, workspaceId } });
    if (!user) throw new AppError("NOT_FOUND", { userMessage: "User not found." });

    const isActiveAdmin = user.role === "admin" && user.disabledAt === null;
    const losesAdmin = (input.role !== undefined && input.role !== "admin") || input.disabled === true;
    if (isActiveAdmin && losesAdmin && (await tx.user.count({ where: { workspaceId, role: "admin", disabledAt: null } })) <= 1) {
      throw new AppError("CONFLICT", {
        userMessage:
          actor.userId === user.id
            ? "You are the last active admin of this workspace: make another user an admin before demoting or disabling yourself."
            : "This is the last active admin of this workspace: make another user an admin first.",
      });
    }

    const data: Prisma.UserUpdateInput = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== user.name) {
      data.name = input.name;
      changes.name = { from: user.name, to: input.name };
    }
    if (input.capacity !== undefined && input.capacity !== user.capacity) {
      data.capacity = input.capacity;
      changes.capacity = { from: user.capacity, to: input.capacity };
    }
    if (input.frappeUser !== undefined && input.frappeUser !== user.frappeUser) {
      data.frappeUser = input.frappeUser;
      changes.frappeUser = { from: user.frappeUser, to: input.frappeUser };
    }
    const roleChanged = input.role !== undefined && input.role !== user.role;
    if (roleChanged) data.role = input.role;
    const disabling = input.disabled === true && user.disabledAt === null;
    const enabling = input.disabled === false && user.disabledAt !== null;
    if (disabling) {
      data.disabledAt = new Date();
      // A disabled user is no longer reachable: routing must not pick them.
      data.presence = "offline";
      data.presenceAt = new Date();
    }
    if (enabling) {
      data.disabledAt = null;
      data.failedLogins = 0;
      data.lockedUntil = null;
    }
    if (Object.keys(data).length === 0) {
      return tx.user.findFirstOrThrow({ where: { id: user.id }, select: USER_DTO_SELECT });
    }

    const updated = await tx.user.update({ where: { id: user.id }, data, select: USER_DTO_SELECT });
    const audit = (action: string, extra: Prisma.InputJsonValue) =>
      recordAudit({
        tx,
        workspaceId,
        actorId: actor.id,
        actorType: actor.type,
        ip: actor.ip,
        action,
        targetType: "user",
        targetId: user.id,
        data: extra,
      });
    if (Object.keys(changes).length) await audit("user.updated", { changes } as Prisma.InputJsonValue);
    if (roleChanged) await audit("user.role_changed", { from: user.role, to: input.role! });
    if (disabling) await audit("user.disabled", {});
    if (enabling) await audit("user.enabled", {});
    return updated;
  });
  return toUserDTO(row);
}
