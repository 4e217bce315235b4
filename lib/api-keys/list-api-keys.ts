import "server-only";
import { getDb } from "@/lib/core/db";
import { API_KEY_DTO_SELECT, toApiKeyDTO } from "./api-key.mapper";
import type { TApiKey } from "./api-key.schema";

export interface ListApiKeysOptions {
  workspaceId: string;
}

/** The workspace's keys, newest first, revoked ones included (they show when and that they were revoked). */
export async function listApiKeys({ workspaceId }: ListApiKeysOptions): Promise<TApiKey[]> {
  const db = await getDb();
  const rows = await db.apiKey.findMany({
    where: { workspaceId },
    select: API_KEY_DTO_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toApiKeyDTO);
}
