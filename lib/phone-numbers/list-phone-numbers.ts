import "server-only";
import { getDb } from "@/lib/core/db";
import { toPhoneNumberDto } from "./phone-number.mapper";
import type { TPhoneNumber } from "./phone-number.schema";

export interface ListPhoneNumbersOptions {
  workspaceId: string;
}

/** The workspace's WhatsApp numbers, oldest first (the environment's number is usually the first). */
export async function listPhoneNumbers({ workspaceId }: ListPhoneNumbersOptions): Promise<TPhoneNumber[]> {
  const db = await getDb();
  const rows = await db.phoneNumber.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toPhoneNumberDto);
}
