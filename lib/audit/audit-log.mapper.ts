import type { AuditLog } from "@prisma/client";
import type { TAuditEntry } from "./audit-log.schema";

export function toAuditEntryDTO(row: AuditLog, actorName: string | null): TAuditEntry {
  return {
    id: row.id,
    action: row.action,
    actorType: row.actorType,
    actorId: row.actorId,
    actorName,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Opaque keyset cursor: the last row's (createdAt, id). */
export function encodeAuditCursor(row: Pick<AuditLog, "createdAt" | "id">): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeAuditCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}
