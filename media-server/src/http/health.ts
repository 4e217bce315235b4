import os from "node:os";
import type { HttpContext } from "./context";

/** `GET /health` — unauthenticated, so it carries counts and pids only, never configuration or secrets. */
export function health(ctx: HttpContext) {
  const workers = ctx.pool.list().map((w) => ({ pid: w.pid, slot: w.slot }));
  return {
    status: workers.length === ctx.config.workers ? "ok" : "degraded",
    pid: process.pid,
    uptimeSec: Math.round((Date.now() - ctx.startedAt) / 1000),
    workers,
    workerCount: workers.length,
    load: os.loadavg(),
    rooms: ctx.roomCount(),
    roomsCreated: ctx.rooms.createdCount,
  };
}
