import type { Job } from "@prisma/client";
import type { TJobDTO } from "./job.schema";

export function toJobDTO(job: Job): TJobDTO {
  return {
    id: job.id,
    workspaceId: job.workspaceId,
    name: job.name,
    version: job.version,
    status: job.status,
    payload: job.payload,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt.toISOString(),
    lastError: job.lastError,
    idempotencyKey: job.idempotencyKey,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    completedAt: job.completedAt?.toISOString() ?? null,
  };
}
