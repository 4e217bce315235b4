import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { decodeAuditCursor, encodeAuditCursor, toAuditEntryDTO } from "./audit-log.mapper";
import type { TAuditPage, TAuditQuery } from "./audit-log.schema";

export interface ListAuditLogOptions {
  workspaceId: string;
  query: TAuditQuery;
}

/**
 * The workspace's audit log, newest first, keyset-paginated on (createdAt, id). The cursor carries
 * the values, not a row id to look up, so a cursor can never point into another workspace.
 */
export async function listAuditLog({ workspaceId, query }: ListAuditLogOptions): Promise<TAuditPage> {
  const and: Prisma.AuditLogWhereInput[] = [{ workspaceId }];
  if (query.cursor) {
    const c = decodeAuditCursor(query.cursor);
    if (!c) {
      throw new AppError("INVALID_INPUT", {
        userMessage: "cursor: not a cursor from this API",
        details: [{ field: "cursor", message: "Invalid cursor" }],
      });
    }
    and.push({ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] });
  }
  if (query.action) {
    and.push(query.action.endsWith(".") ? { action: { startsWith: query.action } } : { action: query.action });
  }
  if (query.targetId) and.push({ targetId: query.targetId });

  const db = await getDb();
  const rows = await db.auditLog.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const names = await actorNames(workspaceId, page);
  return {
    data: page.map((r) => toAuditEntryDTO(r, (r.actorId && names.get(r.actorId)) || null)),
    nextCursor: rows.length > query.limit ? encodeAuditCursor(page[page.length - 1]) : null,
  };
}

async function actorNames(workspaceId: string, rows: { actorId: string | null; actorType: string }[]): Promise<Map<string, string>> {
  const userIds = [...new Set(rows.filter((r) => r.actorType === "user" && r.actorId).map((r) => r.actorId!))];
  const keyIds = [...new Set(rows.filter((r) => r.actorType === "api_key" && r.actorId).map((r) => r.actorId!))];
  const db = await getDb();
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { workspaceId, id: { in: userIds } }, select: { id: true, name: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { workspaceId, id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ]);
  return new Map([...users, ...keys].map((x) => [x.id, x.name]));
}
