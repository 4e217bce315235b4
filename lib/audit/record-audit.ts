import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";

export interface RecordAuditOptions {
  workspaceId?: string | null;
  actorId?: string | null;
  actorType?: "user" | "api_key" | "system";
  /** `domain.past_tense`, e.g. auth.signed_in, api_key.revoked, user.role_changed. */
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  data?: Prisma.InputJsonValue;
  /** Pass the transaction client to write the audit row in the same transaction as the change. */
  tx?: Prisma.TransactionClient;
}

export async function recordAudit(options: RecordAuditOptions): Promise<void> {
  const db = options.tx ?? (await getDb());
  await db.auditLog.create({
    data: {
      workspaceId: options.workspaceId ?? null,
      actorId: options.actorId ?? null,
      actorType: options.actorType ?? "user",
      action: options.action,
      targetType: options.targetType,
      targetId: options.targetId,
      ip: options.ip ?? null,
      data: options.data ?? {},
    },
  });
}
