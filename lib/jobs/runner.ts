import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { logger } from "@/lib/core/logger";
import { claimJobs, DEFAULT_LEASE_MS } from "./claim-jobs";
import { crmReconcileJob } from "@/lib/crm/jobs/reconcile";
import { eventsCleanupJob } from "./definitions/events-cleanup";
import { enqueueJob } from "./enqueue-job";
import { executeJob, type JobOutcome } from "./execute-job";

export interface RunJobsOnceOptions {
  workerId?: string;
  limit?: number;
  leaseMs?: number;
  now?: () => Date;
  random?: () => number;
}

export interface RunSummary {
  claimed: number;
  outcomes: Record<JobOutcome, number>;
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** Claims due jobs once and runs them concurrently to completion (tests, `/api/jobs`-style drains). */
export async function runJobsOnce(options: RunJobsOnceOptions = {}): Promise<RunSummary> {
  const workerId = options.workerId ?? defaultWorkerId();
  const now = options.now ?? (() => new Date());
  const jobs = await claimJobs({
    workerId,
    limit: options.limit ?? 10,
    now: now(),
    leaseMs: options.leaseMs,
  });
  const outcomes: Record<JobOutcome, number> = { succeeded: 0, failed: 0, dead: 0, lost: 0 };
  const results = await Promise.all(
    jobs.map((job) => executeJob(job, { workerId, now, leaseMs: options.leaseMs, random: options.random })),
  );
  for (const r of results) outcomes[r] += 1;
  return { claimed: jobs.length, outcomes };
}

export interface JobRunnerOptions {
  workerId?: string;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  now?: () => Date;
  /** How often the built-in periodic jobs (events.cleanup) are enqueued; default hourly. */
  scheduleEveryMs?: number;
}

export interface JobRunner {
  workerId: string;
  /** Wakes the loop now (e.g. after enqueueing in this process). */
  poke(): void;
  /**
   * Claims and runs this one job at once, beside the `concurrency` slots: for the rare job someone
   * waits on in real time (an inbound call's `connect`: Meta waits for pre_accept), which must not
   * wait for a free slot behind slow jobs. Nothing happens when another runner claimed it first.
   */
  runNow(jobId: string): void;
  /** Stops claiming, waits for in-flight jobs to finish. */
  stop(): Promise<void>;
}

/**
 * The long-running runner: keeps up to `concurrency` jobs in flight, polls every `pollMs` when idle
 * and wakes at once when a slot frees up. Periodic jobs are enqueued with an idempotency key per
 * period, so several web instances schedule each run once.
 */
export function startJobRunner(options: JobRunnerOptions = {}): JobRunner {
  const workerId = options.workerId ?? defaultWorkerId();
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const scheduleEveryMs = options.scheduleEveryMs ?? 60 * 60 * 1000;
  const now = options.now ?? (() => new Date());
  const log = logger.child({ mod: "job-runner", workerId });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let wake: (() => void) | undefined;
  // A poke that arrives while the loop is claiming (not sleeping) must not be lost: the job it
  // announces may have committed after the claim's snapshot, so the next sleep is skipped instead.
  let poked = false;
  let lastPeriod = -1;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked) {
        poked = false;
        return resolve();
      }
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function schedulePeriodic(): Promise<void> {
    const period = Math.floor(now().getTime() / scheduleEveryMs);
    if (period === lastPeriod) return;
    await enqueueJob({
      name: eventsCleanupJob.name,
      payload: {},
      idempotencyKey: `${eventsCleanupJob.name}:${period}`,
      runAt: now(),
    });
    // CRM drift repair (lib/crm/reconcile-crm.ts), once per period across all instances.
    await enqueueJob({ name: crmReconcileJob.name, payload: {}, idempotencyKey: `${crmReconcileJob.name}:${period}`, runAt: now() });
    lastPeriod = period;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let claimedAll = false;
      try {
        await schedulePeriodic();
        const free = concurrency - inFlight.size;
        if (free > 0) {
          poked = false;
          const jobs = await claimJobs({ workerId, limit: free, now: now(), leaseMs });
          for (const job of jobs) {
            const p: Promise<void> = executeJob(job, { workerId, now, leaseMs })
              .then(() => undefined)
              .catch((err: unknown) => log.error({ err, jobId: job.id }, "job execution failed to record"))
              .finally(() => {
                inFlight.delete(p);
                wake?.();
              });
            inFlight.add(p);
          }
          claimedAll = jobs.length === free && free > 0;
        }
      } catch (err) {
        log.error({ err }, "job runner poll failed");
      }
      // After a full claim, loop at once: more may be due. When all slots are busy, the next
      // iteration claims nothing and sleeps until a finishing job wakes it.
      if (!stopping && !claimedAll) await sleep(pollMs);
    }
  }

  log.info({ concurrency, pollMs }, "job runner started");
  const running = loop();
  return {
    workerId,
    poke: () => {
      if (wake) wake();
      else poked = true;
    },
    runNow(jobId) {
      if (stopping) return;
      const p: Promise<void> = claimJobs({ workerId, limit: 1, now: now(), leaseMs, jobId })
        .then(async ([job]) => {
          if (job) await executeJob(job, { workerId, now, leaseMs });
        })
        // Not claimed (a database error): the job stays due, and the loop's next claim takes it.
        .catch((err: unknown) => log.error({ err, jobId }, "immediate job run failed"))
        .finally(() => {
          inFlight.delete(p);
          wake?.();
        });
      inFlight.add(p);
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      await Promise.allSettled([...inFlight]);
      log.info("job runner stopped");
    },
  };
}
