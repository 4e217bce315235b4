import { env } from "@/lib/core/env";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { callRingTimeoutJob } from "./definitions/call-ring-timeout";
import { whatsappProcessDeliveryJob } from "./definitions/whatsapp-process-delivery";
import { startJobRunner } from "./runner";

/**
 * Starts the job runner inside the web process (called from instrumentation.ts on the Node.js
 * runtime). JOBS_DISABLED turns it off, e.g. for web replicas that should only serve requests.
 */
export function startWebJobRunner(): void {
  const config = env();
  if (config.JOBS_DISABLED) return;
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
  void warmUp();
}

/**
 * Handlers are imported lazily (job-definition.ts), which on the first inbound call of a process
 * cost most of a second (loading the calls/messages chunks, the database's first queries) while
 * Meta waits for pre_accept. The latency-critical ones are loaded, and the database opened, at start.
 */
async function warmUp(): Promise<void> {
  const started = performance.now();
  try {
    await Promise.all([whatsappProcessDeliveryJob.handler(), callRingTimeoutJob.handler(), getDb().then((db) => db.$queryRaw`SELECT 1`)]);
    logger.info({ ms: Math.round(performance.now() - started) }, "job runner warmed up");
  } catch (err) {
    logger.warn({ err }, "job runner warm-up failed; the first jobs load their code on demand");
  }
}
