/**
 * Next.js instrumentation hook: runs once per server process at start-up. The job runner lives in
 * the web process (the only one that touches the database). Edge runtimes have no database, and
 * JOBS_DISABLED turns the runner off (e.g. for web replicas that should only serve requests).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/core/env");
  const config = env();
  if (config.JOBS_DISABLED) return;
  const { startJobRunner } = await import("./lib/jobs/runner");
  const g = globalThis as unknown as { __jobRunner?: ReturnType<typeof startJobRunner> };
  // Dev mode may call register() again after a reload; keep one runner per process.
  if (g.__jobRunner) return;
  const runner = startJobRunner({ concurrency: config.JOBS_CONCURRENCY, pollMs: config.JOBS_POLL_MS });
  g.__jobRunner = runner;
  // Next's own SIGTERM/SIGINT handler exits the process right after its cleanup, so in-flight jobs
  // may be cut off; their lease then expires and another runner retries them (nothing is lost).
  const stop = () => void runner.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
