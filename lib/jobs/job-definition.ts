import type { z } from "zod";
import type { Logger } from "@/lib/core/logger";

/**
 * A job is a definition (name, version, payload schema, attempts) plus a handler imported lazily
 * (documenso's job definitions; CONVENTIONS §12), so the registry can be loaded without pulling in
 * every handler's dependencies. Handlers must be idempotent: a job may run again after a crash.
 */
export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  workspaceId: string | null;
  /** The runner's clock (injected in tests). */
  now: Date;
  log: Logger;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<unknown>;

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  version: number;
  payload: S;
  /** Attempts before dead-letter (default 8). */
  maxAttempts?: number;
  handler: () => Promise<{ default: JobHandler<z.output<S>> }>;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
