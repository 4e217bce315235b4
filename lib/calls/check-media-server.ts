import "server-only";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { getMediaServerHealth } from "@/lib/media/media-client";
import { pokeJobRunner } from "@/lib/messages/poke-job-runner";
import { callData } from "./call.mapper";

const LIVE = ["ringing", "queued", "connecting", "in_progress", "on_hold", "transferring"] as const;
const TICK_MS = 1_000;

/**
 * The media-server watchdog (issue 4 §9: a crashed media-server → its live calls end as failed
 * within seconds). While calls with a WhatsApp leg are live it pings `/health` every second: no
 * answer, or an answer from a different process (pid changed: a restarted media-server has no
 * rooms), ends each of them through `media_server_lost`. The chain of delayed jobs stops by itself
 * when no call is live; starting a call restarts it.
 */
export async function checkMediaServer(o: { tick: number; log: Logger }): Promise<{ live: number; lost: number }> {
  const { applyCallEvent } = await import("./apply-call-event");
  const db = await getDb();
  const live = (await db.call.findMany({ where: { status: { in: [...LIVE] } }, select: { id: true, data: true, mediaServerId: true } })).filter((c) => callData(c).localSdp);
  if (live.length === 0) return { live: 0, lost: 0 };
  const health = await getMediaServerHealth();
  let lost = 0;
  for (const c of live) {
    const pid = health.ok ? String(health.pid) : null;
    if (pid && c.mediaServerId === null) {
      await db.call.update({ where: { id: c.id }, data: { mediaServerId: pid } });
      continue;
    }
    if (pid && c.mediaServerId === pid) continue;
    lost++;
    await applyCallEvent({
      callId: c.id,
      event: { type: "media_server_lost", at: Date.now() },
      eventData: { reason: health.ok ? "media_server_restarted" : health.error },
      log: o.log,
    });
  }
  await startMediaWatchdog(o.tick + 1);
  return { live: live.length, lost };
}

/**
 * Enqueues a watchdog tick (idempotent per second, so concurrent starters share one chain). The
 * default is the next second: a tick key in the past may belong to a finished job, and the
 * idempotent insert would then return it instead of starting a new chain.
 */
export async function startMediaWatchdog(tick = Math.floor(Date.now() / TICK_MS) + 1): Promise<void> {
  const runAt = new Date(Math.max(Date.now(), tick * TICK_MS));
  await enqueueJob({ name: "call.media_watchdog", payload: { tick }, runAt, idempotencyKey: `call.media_watchdog:${tick}` });
  pokeJobRunner();
}
