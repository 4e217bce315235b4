/**
 * Retry delay after the `attempt`-th failed attempt (1-based): exponential backoff with full
 * jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniform random delay in
 * [0, min(cap, base · factor^(attempt-1))). Full jitter spreads retries of jobs that failed
 * together (a provider outage) instead of retrying them in lock-step.
 */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_FACTOR = 2;
export const BACKOFF_CAP_MS = 60 * 60 * 1000;

/** The upper bound of the delay after `attempt` failures. */
export function backoffCeilingMs(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  // Math.pow overflows to Infinity for large n; min() keeps the cap.
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * Math.pow(BACKOFF_FACTOR, n - 1));
}

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeilingMs(attempt));
}
