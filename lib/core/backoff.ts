/**
 * Exponential backoff with jitter, the one formula behind job retries and reconnects (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"). After the `attempt`-th failure (1-based)
 * the ceiling is min(cap, base · 2^(attempt−1)) and the delay is uniform in
 * [ceiling · (1 − jitter), ceiling): jitter 1 is "full jitter" (retries of jobs that failed together
 * spread out), 0.5 "equal jitter" (a reconnect is never immediate, and clients that lost a restarted
 * server together do not come back in lock-step).
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** The random share of the ceiling, 0…1. */
  jitter: number;
}

export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** n overflows to Infinity for large n; min() keeps the cap.
  return Math.min(policy.capMs, policy.baseMs * 2 ** (n - 1));
}

export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(ceiling * (1 - policy.jitter) + r * ceiling * policy.jitter);
}
