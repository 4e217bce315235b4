import "server-only";
import type { Job, Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { publish } from "@/lib/events/bus";
import { backoffMs } from "./backoff";
import { DEFAULT_LEASE_MS } from "./claim-jobs";
import { PermanentJobError } from "./permanent-job-error";
import { getJobDefinition } from "./registry";

export type JobOutcome = "succeeded" | "failed" | "dead" | "lost";

export interface ExecuteJobOptions {
  workerId: string;
  now?: () => Date;
  leaseMs?: number;
  random?: () => number;
}

const MAX_ERROR_CHARS = 4_000;

/**
 * Runs one claimed job and records the outcome. Every write is fenced on (id, lockedBy, attempts,
 * status running): if this runner lost its lease (it stalled, another runner reclaimed the job),
 * its late result is discarded, so a job completes exactly once. The lease is renewed while the
 * handler runs, so a live runner's job is not reclaimed.
 */
export async function executeJob(job: Job, options: ExecuteJobOptions): Promise<JobOutcome> {
  const db = await getDb();
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const log = logger.child({ mod: "jobs", jobId: job.id, job: job.name, attempt: job.attempts });
  const fence = {
    id: job.id,
    status: "running" as const,
    lockedBy: options.workerId,
    attempts: job.attempts,
  };
  const release = { lockedBy: null, lockedAt: null, leaseUntil: null };

  const renew = setInterval(
    () => {
      db.job
        .updateMany({ where: fence, data: { leaseUntil: new Date(now().getTime() + leaseMs) } })
        .catch((err: unknown) => log.warn({ err }, "lease renewal failed"));
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  renew.unref?.();

  let outcome: JobOutcome;
  try {
    const definition = getJobDefinition(job.name);
    if (!definition) throw new PermanentJobError(`No job definition named "${job.name}"`);
    // A runner that crashed during the last allowed attempt leaves attempts > maxAttempts after the
    // reclaim: the attempts are used up, so dead-letter instead of running once more.
    if (job.attempts > job.maxAttempts)
      throw new PermanentJobError("Attempts used up (the last attempt's runner stopped)");
    const payload = definition.payload.safeParse(job.payload);
    if (!payload.success) throw new PermanentJobError(`Invalid payload: ${payload.error.message}`);
    const { default: handler } = await definition.handler();
    const result = await handler(payload.data, {
      jobId: job.id,
      attempt: job.attempts,
      workspaceId: job.workspaceId,
      now: now(),
      log,
    });
    const { count } = await db.job.updateMany({
      where: fence,
      data: {
        ...release,
        status: "succeeded",
        completedAt: now(),
        lastError: null,
        result: toJson(result),
      },
    });
    outcome = count === 1 ? "succeeded" : "lost";
  } catch (err) {
    const message = errorText(err);
    const permanent = err instanceof PermanentJobError;
    if (permanent || job.attempts >= job.maxAttempts) {
      const { count } = await db.job.updateMany({
        where: fence,
        data: { ...release, status: "dead", lastError: message, completedAt: now() },
      });
      outcome = count === 1 ? "dead" : "lost";
      if (outcome === "dead") {
        log.error({ err: message }, "job dead-lettered");
        await announceDeadLetter(job, message).catch((e: unknown) =>
          log.error({ err: e }, "dead-letter event failed"),
        );
      }
    } else {
      const runAt = new Date(now().getTime() + backoffMs(job.attempts, options.random));
      const { count } = await db.job.updateMany({
        where: fence,
        data: { ...release, status: "failed", lastError: message, runAt },
      });
      outcome = count === 1 ? "failed" : "lost";
      log.warn({ err: message, runAt }, "job failed; retry scheduled");
    }
  } finally {
    clearInterval(renew);
  }
  if (outcome === "lost") log.warn("job lease was lost; result discarded");
  return outcome;
}

/** `job.dead_lettered` to admins: of the job's workspace, or of every workspace for system jobs. */
async function announceDeadLetter(job: Job, lastError: string): Promise<void> {
  const db = await getDb();
  const workspaceIds = job.workspaceId
    ? [job.workspaceId]
    : (await db.workspace.findMany({ select: { id: true } })).map((w) => w.id);
  for (const workspaceId of workspaceIds) {
    await publish({
      type: "job.dead_lettered",
      workspaceId,
      audience: { roles: ["admin"] },
      data: { jobId: job.id, name: job.name, attempts: job.attempts, lastError },
    });
  }
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_CHARS ? text.slice(0, MAX_ERROR_CHARS) + "…" : text;
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
