import type { JobRunner } from "./runner";

/**
 * Asks this process's job runner (lib/jobs/start-web-runner.ts keeps it on globalThis) to run a
 * committed, due job at once (JobRunner.runNow). Without a runner here (JOBS_DISABLED), the job
 * waits for a runner's next poll, like any other.
 */
export function runJobNow(jobId: string): void {
  const runner = (globalThis as unknown as { __jobRunner?: Partial<Pick<JobRunner, "runNow" | "poke">> }).__jobRunner;
  if (runner?.runNow) runner.runNow(jobId);
  else runner?.poke?.();
}
