import "server-only";
import { getDb } from "@/lib/core/db";
import { toUserDTO, USER_DTO_SELECT } from "./user.mapper";
import type { TUser } from "./user.schema";

export interface ListUsersOptions {
  workspaceId: string;
}

/** Every user of the workspace (admins first, then by name). Workspaces are small: no paging. */
export async function listUsers({ workspaceId }: ListUsersOptions): Promise<TUser[]> {
  const db = await getDb();
  const rows = await db.user.findMany({
    where: { workspaceId },
    select: USER_DTO_SELECT,
    orderBy: [{ role: "asc" }, { name: "asc" }, { id: "asc" }],
  });
  return rows.map(toUserDTO);
}
