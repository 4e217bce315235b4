import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { toJobDTO } from "./job.mapper";
import type { TJobDTO } from "./job.schema";

export interface RetryDeadJobOptions {
  jobId: string;
  principal: Principal;
  ip?: string | null;
  now?: Date;
}

/**
 * Puts a dead-lettered job back in the queue (attempts reset, due now) and audit-logs it in the
 * same transaction. Only `dead` jobs can be retried; another workspace's job is NOT_FOUND.
 */
export async function retryDeadJob(options: RetryDeadJobOptions): Promise<TJobDTO> {
  const db = await getDb();
  const { principal } = options;
  const scope = { id: options.jobId, OR: [{ workspaceId: principal.workspaceId }, { workspaceId: null }] };
  return db.$transaction(async (tx) => {
    const existing = await tx.job.findFirst({
      where: scope,
      select: { id: true, status: true, name: true, attempts: true },
    });
    if (!existing) throw new AppError("NOT_FOUND", { userMessage: "Job not found." });
    // The status condition in the update makes two concurrent retries (or a retry racing anything
    // else) change the row once.
    const { count } = await tx.job.updateMany({
      where: { ...scope, status: "dead" },
      data: {
        status: "queued",
        attempts: 0,
        runAt: options.now ?? new Date(),
        lockedAt: null,
        lockedBy: null,
        leaseUntil: null,
        completedAt: null,
      },
    });
    if (count !== 1) {
      throw new AppError("INVALID_STATE", {
        userMessage: `Only dead jobs can be retried; this one is ${existing.status}.`,
      });
    }
    await recordAudit({
      tx,
      workspaceId: principal.workspaceId,
      actorId: principal.kind === "user" ? principal.userId : (principal.apiKeyId ?? null),
      actorType: principal.kind,
      action: "job.retried",
      targetType: "job",
      targetId: existing.id,
      ip: options.ip ?? null,
      data: { name: existing.name, previousAttempts: existing.attempts },
    });
    return toJobDTO(await tx.job.findUniqueOrThrow({ where: { id: existing.id } }));
  });
}
