import "server-only";
import { Prisma, type Job } from "@prisma/client";
import { getDb, isPostgres } from "@/lib/core/db";

export const DEFAULT_LEASE_MS = 60_000;

export interface ClaimJobsOptions {
  workerId: string;
  limit: number;
  now?: Date;
  leaseMs?: number;
  /** Claim only this job (when it is due): a job this process wants to run at once. */
  jobId?: string;
}

/**
 * Atomically claims up to `limit` due jobs for this worker: queued or retry-waiting (`failed`) jobs
 * whose runAt has come, and `running` jobs whose lease has passed (their runner crashed). One
 * statement sets status, attempts + 1, lockedBy and the lease, so a job is never handed to two
 * runners: on PostgreSQL the inner SELECT takes row locks with FOR UPDATE SKIP LOCKED (concurrent
 * claimers skip each other's rows instead of waiting); PGlite is a single connection in this
 * process, so the same UPDATE … RETURNING is already serialised.
 *
 * Timestamps are passed as ISO strings and converted with `AT TIME ZONE 'UTC'`: Prisma stores
 * DateTime as UTC in `timestamp(3)` (without zone) columns, and this keeps the comparison right
 * whatever the session TimeZone is.
 */
export async function claimJobs(options: ClaimJobsOptions): Promise<Job[]> {
  if (options.limit <= 0) return [];
  const db = await getDb();
  const now = options.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const ts = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const table = Prisma.raw(`"Job"`);
  const lock = isPostgres() ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  const only = options.jobId === undefined ? Prisma.empty : Prisma.sql`AND "id" = ${options.jobId}`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE ${table} SET
      "status" = 'running',
      "attempts" = "attempts" + 1,
      "lockedAt" = ${ts(now)},
      "lockedBy" = ${options.workerId},
      "leaseUntil" = ${ts(leaseUntil)},
      "updatedAt" = ${ts(now)}
    WHERE "id" IN (
      SELECT "id" FROM ${table}
      WHERE (("status" IN ('queued', 'failed') AND "runAt" <= ${ts(now)})
         OR ("status" = 'running' AND "leaseUntil" < ${ts(now)}))
        ${only}
      ORDER BY "runAt" ASC
      LIMIT ${options.limit}
      ${lock}
    )
    RETURNING "id"`;
  if (rows.length === 0) return [];
  const jobs = await db.job.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return jobs.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}
