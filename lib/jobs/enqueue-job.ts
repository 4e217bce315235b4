import "server-only";
import type { Job, Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { pokeJobRunner } from "@/lib/messages/poke-job-runner";
import { getJobDefinition } from "./registry";

export interface EnqueueJobOptions {
  name: string;
  payload: unknown;
  workspaceId?: string | null;
  /** Same key → the existing job is returned and nothing is inserted. */
  idempotencyKey?: string;
  runAt?: Date;
  /** Enqueue inside the caller's transaction (the outbox pattern: state change + job commit together). */
  tx?: Prisma.TransactionClient;
}

export interface EnqueuedJob {
  job: Job;
  /** False when a job with the same idempotency key already existed. */
  created: boolean;
}

/**
 * Adds a job to the queue. The payload is validated against the definition's schema now, so a
 * bad payload fails the caller rather than dead-lettering later. With an idempotency key the insert
 * is `INSERT … ON CONFLICT DO NOTHING` (Prisma's createMany skipDuplicates): a duplicate neither
 * throws nor aborts the caller's PostgreSQL transaction, which a caught unique violation would.
 */
export async function enqueueJob(options: EnqueueJobOptions): Promise<EnqueuedJob> {
  const definition = getJobDefinition(options.name);
  if (!definition) throw new AppError("INVALID_INPUT", { message: `Unknown job "${options.name}"` });
  const parsed = definition.payload.safeParse(options.payload);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", {
      message: `Invalid payload for job "${options.name}": ${parsed.error.message}`,
    });
  }
  const db = options.tx ?? (await getDb());
  const data = {
    name: definition.name,
    version: definition.version,
    payload: (parsed.data ?? {}) as Prisma.InputJsonValue,
    workspaceId: options.workspaceId ?? null,
    maxAttempts: definition.maxAttempts ?? 8,
    runAt: options.runAt ?? new Date(),
    idempotencyKey: options.idempotencyKey ?? null,
  };
  // Wake this process's runner for a job that is visible now; one enqueued in the caller's
  // transaction becomes visible at its commit, so that caller pokes after committing.
  const poke = (created: boolean) => {
    if (created && !options.tx && data.runAt.getTime() <= Date.now()) pokeJobRunner();
  };
  if (!options.idempotencyKey) {
    const job = await db.job.create({ data });
    poke(true);
    return { job, created: true };
  }
  const { count } = await db.job.createMany({ data: [data], skipDuplicates: true });
  const job = await db.job.findUnique({ where: { idempotencyKey: options.idempotencyKey } });
  if (!job) throw new AppError("INTERNAL", { message: `Job with key ${options.idempotencyKey} vanished` });
  poke(count === 1);
  return { job, created: count === 1 };
}
