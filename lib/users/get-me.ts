import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { TMe } from "./me.schema";

export interface GetMeOptions {
  principal: Principal;
}

/** The caller as the UI needs it. API keys have no presence; their `id` is the creating user. */
export async function getMe({ principal }: GetMeOptions): Promise<TMe> {
  if (principal.kind === "api_key") {
    return {
      id: principal.userId,
      workspaceId: principal.workspaceId,
      role: principal.role,
      name: principal.name,
      email: null,
      kind: "api_key",
      presence: null,
    };
  }
  const db = await getDb();
  const user = await db.user.findFirst({
    where: { id: principal.userId ?? "", workspaceId: principal.workspaceId },
    select: { id: true, workspaceId: true, role: true, name: true, email: true, presence: true },
  });
  if (!user) throw new AppError("UNAUTHENTICATED");
  return { ...user, kind: "user" };
}
