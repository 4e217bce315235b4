import "server-only";
import { getDb, isPostgres } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { getMediaServerHealth } from "@/lib/media/media-client";
import pkg from "@/package.json";
import type { THealth } from "./health.schema";

const DB_TIMEOUT_MS = 3_000;

/**
 * Liveness for load balancers and `npm run demo`: healthy (HTTP 200) exactly when the database
 * answers `SELECT 1`. An unreachable media-server is reported ("degraded") but not fatal: chat,
 * the inbox and the API still work without it.
 */
export async function checkHealth(): Promise<{ body: THealth; httpStatus: 200 | 503 }> {
  const [db, media] = await Promise.all([checkDb(), getMediaServerHealth()]);
  const mediaServer = media.ok ? { ok: true, workers: media.workers } : { ok: false, error: media.error };
  const status = !db.ok ? "down" : media.ok ? "ok" : "degraded";
  return { body: { status, db, mediaServer, version: pkg.version }, httpStatus: db.ok ? 200 : 503 };
}

async function checkDb(): Promise<THealth["db"]> {
  const kind = isPostgres() ? "postgres" : "pglite";
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await getDb();
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10, kind };
  } catch (err) {
    // The public body says only what kind of failure; the cause goes to the server log.
    logger.warn({ err }, "health: database check failed");
    return { ok: false, latencyMs: null, kind, error: err instanceof Error && /within/.test(err.message) ? "timeout" : "unreachable" };
  } finally {
    clearTimeout(timer);
  }
}
