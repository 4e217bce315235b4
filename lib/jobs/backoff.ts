import { backoffCeilingMs as ceiling, backoffDelayMs, type BackoffPolicy } from "@/lib/core/backoff";

/**
 * Job retries: full jitter from 1 s doubling to an hour (lib/core/backoff.ts). Full jitter spreads
 * retries of jobs that failed together (a provider outage) instead of retrying them in lock-step.
 */
export const BACKOFF_CAP_MS = 60 * 60 * 1000;
const JOB_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: BACKOFF_CAP_MS, jitter: 1 };

/** The upper bound of the delay after `attempt` failures. */
export function backoffCeilingMs(attempt: number): number {
  return ceiling(attempt, JOB_BACKOFF);
}

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return backoffDelayMs(attempt, JOB_BACKOFF, random);
}
