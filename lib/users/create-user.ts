import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/core/app-error";
import { getDb, isUniqueViolation } from "@/lib/core/db";
import { toUserDTO, USER_DTO_SELECT } from "./user.mapper";
import type { TCreateUser, TUser } from "./user.schema";

export interface CreateUserOptions {
  workspaceId: string;
  actor: Actor;
  input: TCreateUser;
}

/**
 * Creates a user with a local password. The row and its `user.created` audit entry are written in
 * one transaction: if either fails, neither exists. Emails are unique across all workspaces (they
 * are the sign-in name), so a taken email is a CONFLICT whichever workspace holds it.
 */
export async function createUser({ workspaceId, actor, input }: CreateUserOptions): Promise<TUser> {
  const db = await getDb();
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  try {
    const row = await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken();
      const created = await tx.user.create({
        data: { workspaceId, email, name: input.name, role: input.role, passwordHash },
        select: USER_DTO_SELECT,
      });
      await recordAudit({
        tx,
        workspaceId,
        actorId: actor.id,
        actorType: actor.type,
        ip: actor.ip,
        action: "user.created",
        targetType: "user",
        targetId: created.id,
        data: { email, role: input.role },
      });
      return created;
    });
    return toUserDTO(row);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw emailTaken(err);
    }
    throw err;
  }
}

function emailTaken(cause?: unknown): AppError {
  return new AppError("CONFLICT", {
    userMessage: "A user with this email already exists.",
    details: [{ field: "email", message: "Already taken" }],
    cause,
  });
}
