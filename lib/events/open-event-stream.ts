import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { eventFromRow, getEventBus, type EventBus } from "./bus";
import { canSee } from "./can-see";
import { serializeEvent, type AnyStoredEvent } from "./events";

export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 3_000;
const REPLAY_PAGE = 500;

export interface OpenEventStreamOptions {
  principal: Principal;
  /** The last id the client saw (Last-Event-ID header or ?lastEventId=); events after it are replayed. */
  lastEventId?: string | null;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  heartbeatMs?: number;
  bus?: EventBus;
}

/**
 * The SSE response for one browser tab. Order of work: subscribe first (buffering), then replay
 * rows after Last-Event-ID from the Event table, then flush the buffer minus what the replay
 * already sent — so an event published during the replay is neither lost nor sent twice.
 * Everything goes through canSee: another workspace's events and events addressed to other
 * users/roles never leave the server.
 */
export function openEventStream(options: OpenEventStreamOptions): Response {
  const { principal, signal } = options;
  const bus = options.bus ?? getEventBus();
  const encoder = new TextEncoder();
  const log = logger.child({ mod: "sse", userId: principal.userId });
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let replaying = true;
      const pending: AnyStoredEvent[] = [];
      const replayed = new Set<string>();

      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch (err) {
          log.debug({ err }, "sse enqueue after close");
          cleanup();
        }
      };
      const deliver = (event: AnyStoredEvent) => {
        if (canSee(principal, event)) send(serializeEvent(event));
      };

      const unsubscribe = bus.subscribe(principal.workspaceId, (event) => {
        if (replaying) pending.push(event);
        else deliver(event);
      });
      const heartbeat = setInterval(() => send(": ping\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed or errored by the consumer: nothing left to release.
        }
      };
      if (signal.aborted) return cleanup();
      signal.addEventListener("abort", () => cleanup(), { once: true });

      send(`retry: ${RETRY_MS}\n: connected\n\n`);
      try {
        if (options.lastEventId) {
          const db = await getDb();
          let after = BigInt(options.lastEventId);
          for (;;) {
            const rows = await db.event.findMany({
              where: { workspaceId: principal.workspaceId, id: { gt: after } },
              orderBy: { id: "asc" },
              take: REPLAY_PAGE,
            });
            for (const row of rows) {
              const event = eventFromRow(row);
              if (!event) continue;
              replayed.add(event.id);
              deliver(event);
            }
            if (rows.length < REPLAY_PAGE || closed) break;
            after = rows[rows.length - 1].id;
          }
        }
      } catch (err) {
        log.error({ err }, "sse replay failed");
        cleanup();
        return;
      }
      replaying = false;
      for (const event of pending.splice(0)) if (!replayed.has(event.id)) deliver(event);
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx and similar proxies buffer responses unless told not to.
      "x-accel-buffering": "no",
    },
  });
}
