import "server-only";
import type { Prisma } from "@prisma/client";
import { afterCursor, encodeCursor } from "@/lib/conversations/page-cursor";
import { getDb } from "@/lib/core/db";
import { CALL_CONTACT_SELECT, toCallDto } from "./call.mapper";
import type { TCallListQuery, TCallPage } from "./call.schema";

/** Call history, newest first, keyset cursor; filters: status, direction, agent, contact phone (digits). */
export async function findCalls(o: { workspaceId: string; query: TCallListQuery }): Promise<TCallPage> {
  const db = await getDb();
  const q = o.query;
  const digits = q.phone?.replace(/\D/g, "");
  const where: Prisma.CallWhereInput = {
    workspaceId: o.workspaceId,
    ...(q.status ? { status: q.status } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.agentId ? { agentId: q.agentId } : {}),
    ...(digits ? { contact: { OR: [{ waId: { contains: digits } }, { phone: { contains: digits } }] } } : {}),
    ...(afterCursor("startedAt", q.cursor) ?? {}),
  };
  const rows = await db.call.findMany({ where, include: CALL_CONTACT_SELECT, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { data: page.map(toCallDto), nextCursor: rows.length > q.limit && last ? encodeCursor(last.startedAt, last.id) : null };
}
