import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { isPostgres } from "@/lib/core/db";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import type { AnyStoredEvent } from "@/lib/events/events";
import { claimJobs } from "@/lib/jobs/claim-jobs";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { defineJob, type JobHandler } from "@/lib/jobs/job-definition";
import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { registerJob } from "@/lib/jobs/registry";
import { runJobsOnce, startJobRunner } from "@/lib/jobs/runner";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * The job runner against a real database (PGlite by default, PostgreSQL with TEST_DB=postgres).
 * Time is injected (`now`), so lease expiry and backoff are reached without waiting.
 */
let t: TestDb;
let bus: EventBus;
let wsId: string;

/** What each test job's handler does; tests set it per case. */
let behaviour: JobHandler<{ n: number }> = async () => undefined;
const calls: { jobId: string; attempt: number; n: number }[] = [];

registerJob(
  defineJob({
    name: "test.work",
    version: 1,
    payload: z.object({ n: z.number().int() }),
    maxAttempts: 3,
    handler: async () => ({
      default: async (payload: { n: number }, ctx) => {
        calls.push({ jobId: ctx.jobId, attempt: ctx.attempt, n: payload.n });
        return behaviour(payload, ctx);
      },
    }),
  }),
);

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const T0 = new Date("2030-01-01T12:00:00.000Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);

beforeAll(async () => {
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  wsId = (await t.db.workspace.create({ data: { name: "Jobs", slug: "jobs" } })).id;
});
afterAll(async () => {
  setEventBus(undefined);
  await bus.close();
  await t.close();
});
beforeEach(async () => {
  await t.db.job.deleteMany();
  calls.length = 0;
  behaviour = async () => undefined;
});

describe("idempotency keys", () => {
  it("returns the existing job for a repeated key instead of inserting another", async () => {
    const a = await enqueueJob({
      name: "test.work",
      payload: { n: 1 },
      workspaceId: wsId,
      idempotencyKey: "k-1",
    });
    const b = await enqueueJob({
      name: "test.work",
      payload: { n: 2 },
      workspaceId: wsId,
      idempotencyKey: "k-1",
    });
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.job.id).toBe(a.job.id);
    expect(b.job.payload).toEqual({ n: 1 });
    expect(await t.db.job.count({ where: { idempotencyKey: "k-1" } })).toBe(1);
  });

  it("works inside the caller's transaction: a duplicate does not abort it, a rollback drops the job", async () => {
    const first = await t.db.$transaction(async (tx) => {
      const x = await enqueueJob({ tx, name: "test.work", payload: { n: 1 }, idempotencyKey: "k-tx" });
      const y = await enqueueJob({ tx, name: "test.work", payload: { n: 1 }, idempotencyKey: "k-tx" });
      expect(y.job.id).toBe(x.job.id);
      // The transaction is still usable after the duplicate (on PostgreSQL a caught unique
      // violation would have aborted it).
      return tx.job.count();
    });
    expect(first).toBe(1);

    await expect(
      t.db.$transaction(async (tx) => {
        await enqueueJob({ tx, name: "test.work", payload: { n: 1 }, idempotencyKey: "k-rolled-back" });
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await t.db.job.count({ where: { idempotencyKey: "k-rolled-back" } })).toBe(0);
  });

  it("rejects unknown job names and payloads that fail the schema", async () => {
    await expect(enqueueJob({ name: "nope", payload: {} })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(enqueueJob({ name: "test.work", payload: { n: "x" } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});

describe("crash mid-job", () => {
  it("reclaims a job whose runner died once the lease passes, and completes it exactly once", async () => {
    const { job } = await enqueueJob({ name: "test.work", payload: { n: 7 }, workspaceId: wsId, runAt: T0 });

    // Runner A claims the job and dies: it never runs or finishes it.
    const claimed = await claimJobs({ workerId: "runner-a", limit: 5, now: T0, leaseMs: 30_000 });
    expect(claimed.map((j) => j.id)).toEqual([job.id]);
    expect(claimed[0]).toMatchObject({ status: "running", lockedBy: "runner-a", attempts: 1 });

    // While A's lease holds, nobody else may take it (no concurrent run).
    const early = await runJobsOnce({ workerId: "runner-b", now: at(29_999), leaseMs: 30_000 });
    expect(early.claimed).toBe(0);
    expect(calls).toHaveLength(0);

    // After the lease, runner B reclaims and completes it.
    const late = await runJobsOnce({ workerId: "runner-b", now: at(30_001), leaseMs: 30_000 });
    expect(late).toMatchObject({ claimed: 1, outcomes: { succeeded: 1 } });
    expect(calls).toEqual([{ jobId: job.id, attempt: 2, n: 7 }]);
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, lockedBy: null, leaseUntil: null });

    // Not lost, not run again.
    expect((await runJobsOnce({ workerId: "runner-c", now: at(10 * 60_000) })).claimed).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("discards the late result of a runner that lost its lease (fencing)", async () => {
    const { job } = await enqueueJob({ name: "test.work", payload: { n: 1 }, workspaceId: wsId, runAt: T0 });
    const started = deferred();
    const releaseA = deferred();
    behaviour = async (_p, ctx) => {
      if (ctx.attempt === 1) {
        started.resolve();
        await releaseA.promise;
        return { by: "a" };
      }
      return { by: "b" };
    };
    // A's clock is frozen at T0, so its lease renewals never move past T0 + lease.
    const a = runJobsOnce({ workerId: "runner-a", now: at(0), leaseMs: 1_000 });
    await started.promise;
    const b = await runJobsOnce({ workerId: "runner-b", now: at(1_001), leaseMs: 1_000 });
    expect(b.outcomes.succeeded).toBe(1);
    releaseA.resolve();
    expect((await a).outcomes).toMatchObject({ lost: 1, succeeded: 0 });
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "succeeded", attempts: 2, result: { by: "b" } });
  });

  it("dead-letters a job whose runner died during its last allowed attempt", async () => {
    const { job } = await enqueueJob({ name: "test.work", payload: { n: 1 }, workspaceId: wsId, runAt: T0 });
    // Two attempts already failed; the third (last) is claimed by a runner that then dies.
    await t.db.job.update({ where: { id: job.id }, data: { attempts: 2 } });
    await claimJobs({ workerId: "dead-runner", limit: 1, now: T0, leaseMs: 1_000 });
    const r = await runJobsOnce({ workerId: "runner-b", now: at(2_000), leaseMs: 1_000 });
    expect(r.outcomes.dead).toBe(1);
    expect(calls).toHaveLength(0);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "dead",
      attempts: 4,
    });
  });
});

describe("retries and dead-letter", () => {
  it("retries with backoff, then dead-letters and publishes job.dead_lettered to admins", async () => {
    behaviour = async (p, ctx) => {
      throw new Error(`boom ${ctx.attempt}\nsecond line`);
    };
    const seen: AnyStoredEvent[] = [];
    const unsubscribe = bus.subscribe(wsId, (e) => seen.push(e));
    const { job } = await enqueueJob({ name: "test.work", payload: { n: 1 }, workspaceId: wsId, runAt: T0 });
    const random = () => 0.5;

    expect((await runJobsOnce({ now: at(0), random })).outcomes.failed).toBe(1);
    let row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({
      status: "failed",
      attempts: 1,
      lockedBy: null,
      lastError: "Error: boom 1\nsecond line",
    });
    expect(row.runAt.getTime()).toBe(T0.getTime() + 500); // half of the 1 s ceiling

    expect((await runJobsOnce({ now: at(499), random })).claimed).toBe(0); // not due yet
    expect((await runJobsOnce({ now: at(500), random })).outcomes.failed).toBe(1);
    row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.runAt.getTime()).toBe(T0.getTime() + 500 + 1_000); // half of the 2 s ceiling
    expect(seen).toHaveLength(0);

    expect((await runJobsOnce({ now: at(1_500), random })).outcomes.dead).toBe(1);
    row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "dead", attempts: 3, lastError: "Error: boom 3\nsecond line" });
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);

    // Nothing more runs, and admins were told.
    expect((await runJobsOnce({ now: at(24 * 3600_000) })).claimed).toBe(0);
    unsubscribe();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: "job.dead_lettered",
      workspaceId: wsId,
      audience: { roles: ["admin"] },
      data: { jobId: job.id, name: "test.work", attempts: 3, lastError: "Error: boom 3\nsecond line" },
    });
    // Persisted for SSE replay.
    const stored = await t.db.event.findUniqueOrThrow({ where: { id: BigInt(seen[0].id) } });
    expect(stored.type).toBe("job.dead_lettered");
  });

  it("dead-letters at once on PermanentJobError", async () => {
    behaviour = async () => {
      throw new PermanentJobError("contact was deleted");
    };
    const { job } = await enqueueJob({ name: "test.work", payload: { n: 1 }, workspaceId: wsId, runAt: T0 });
    expect((await runJobsOnce({ now: at(0) })).outcomes.dead).toBe(1);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "dead",
      attempts: 1,
      lastError: "PermanentJobError: contact was deleted",
    });
  });
});

describe("runners racing on one queue", () => {
  it("never runs a job twice when two runners claim concurrently", async () => {
    const N = 40;
    for (let i = 0; i < N; i++)
      await enqueueJob({ name: "test.work", payload: { n: i }, workspaceId: wsId, runAt: T0 });
    behaviour = async () => {
      // Yield so the two runners' claims interleave.
      await new Promise((r) => setImmediate(r));
    };
    const drain = async (workerId: string) => {
      for (;;) {
        const r = await runJobsOnce({ workerId, limit: 3, now: at(1_000) });
        if (r.claimed === 0) return;
      }
    };
    await Promise.all([drain("racer-a"), drain("racer-b"), drain("racer-c")]);
    expect(calls).toHaveLength(N);
    expect(new Set(calls.map((c) => c.jobId)).size).toBe(N);
    expect(await t.db.job.count({ where: { status: "succeeded", attempts: 1 } })).toBe(N);
  });

  it("two long-running runners drain the queue exactly once and stop gracefully", async () => {
    const N = 30;
    for (let i = 0; i < N; i++) await enqueueJob({ name: "test.work", payload: { n: i }, workspaceId: wsId });
    const allDone = deferred();
    behaviour = async () => {
      await new Promise((r) => setImmediate(r));
      if (calls.length === N) allDone.resolve();
    };
    const a = startJobRunner({ workerId: "long-a", concurrency: 3, pollMs: 20 });
    const b = startJobRunner({ workerId: "long-b", concurrency: 3, pollMs: 20 });
    await allDone.promise;
    await Promise.all([a.stop(), b.stop()]);
    expect(new Set(calls.map((c) => c.jobId)).size).toBe(N);
    expect(calls).toHaveLength(N);
    expect(await t.db.job.count({ where: { name: "test.work", status: "succeeded" } })).toBe(N);
    // The runners also scheduled the periodic cleanup, once for the hour despite two runners.
    expect(await t.db.job.count({ where: { name: "events.cleanup" } })).toBe(1);
  });

  it("stop() waits for in-flight jobs to finish", async () => {
    const started = deferred();
    const release = deferred();
    behaviour = async () => {
      started.resolve();
      await release.promise;
    };
    const { job } = await enqueueJob({ name: "test.work", payload: { n: 1 }, workspaceId: wsId });
    const runner = startJobRunner({ workerId: "graceful", concurrency: 1, pollMs: 20 });
    await started.promise;
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "succeeded",
    });
  });
});

describe("events.cleanup", () => {
  it("deletes events older than 24 h and keeps newer ones", async () => {
    const old = await t.db.event.create({
      data: {
        workspaceId: wsId,
        type: "call.updated",
        data: { callId: "c", status: "completed" },
        createdAt: new Date(T0.getTime() - 25 * 3600_000),
      },
    });
    const recent = await t.db.event.create({
      data: {
        workspaceId: wsId,
        type: "call.updated",
        data: { callId: "c", status: "completed" },
        createdAt: new Date(T0.getTime() - 23 * 3600_000),
      },
    });
    await enqueueJob({ name: "events.cleanup", payload: {}, runAt: T0 });
    const r = await runJobsOnce({ now: at(0) });
    expect(r.outcomes.succeeded).toBe(1);
    expect(await t.db.event.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await t.db.event.findUnique({ where: { id: recent.id } })).not.toBeNull();
    const job = await t.db.job.findFirstOrThrow({ where: { name: "events.cleanup" } });
    expect(job.result).toMatchObject({ deleted: expect.any(Number) });
  });
});

it("reports which database the runner was tested on", () => {
  expect(isPostgres()).toBe(t.kind === "postgres");
});
