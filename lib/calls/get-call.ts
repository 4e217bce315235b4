import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { CALL_CONTACT_SELECT, toCallDetailDto } from "./call.mapper";
import type { TCallDetailDto } from "./call.schema";

/** One call with its timeline (events, oldest first) and legs. */
export async function getCall(o: { workspaceId: string; id: string }): Promise<TCallDetailDto> {
  const db = await getDb();
  const row = await db.call.findFirst({ where: { id: o.id, workspaceId: o.workspaceId }, include: { ...CALL_CONTACT_SELECT, events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "No such call." });
  const legs = await db.callLeg.findMany({ where: { callId: row.id }, orderBy: { joinedAt: "asc" } });
  return toCallDetailDto(row, legs);
}
