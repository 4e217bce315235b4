import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { toUserDTO, USER_DTO_SELECT } from "./user.mapper";
import type { TUser } from "./user.schema";

export interface GetUserOptions {
  workspaceId: string;
  userId: string;
}

/** One user of the workspace; NOT_FOUND for unknown ids and for other workspaces' users alike. */
export async function getUser({ workspaceId, userId }: GetUserOptions): Promise<TUser> {
  const db = await getDb();
  const row = await db.user.findFirst({ where: { id: userId, workspaceId }, select: USER_DTO_SELECT });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "User not found." });
  return toUserDTO(row);
}
