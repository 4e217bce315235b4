import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { Redis } from "ioredis";
import { getDb, type Db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import {
  ZAudienceSchema,
  isEventType,
  parseEventData,
  type AnyStoredEvent,
  type EventType,
  type PublishInput,
  type StoredEvent,
  type TAudience,
} from "./events";

/**
 * The realtime bus. `publish` persists the event (the Event table backs SSE `Last-Event-ID`
 * resume), then fans it out to this process's subscribers and, when REDIS_URL is set, to the other
 * web instances over one Redis pub/sub channel. Each message carries the publishing bus's origin
 * id, so an instance drops its own publishes coming back from Redis. Event ids are not a dedupe
 * key: they are per database, and another deployment sharing the Redis (staging next to
 * production, a second e2e server) publishes the same ids for different events.
 *
 * Publish after the use-case's transaction has committed (CONVENTIONS §6): a listener may read
 * the state the event announces.
 */
export type EventListener = (event: AnyStoredEvent) => void;

export interface EventBus {
  publish<T extends EventType>(input: PublishInput<T>): Promise<StoredEvent<T>>;
  /** Returns the unsubscribe function. */
  subscribe(workspaceId: string, listener: EventListener): () => void;
  listenerCount(workspaceId?: string): number;
  /** Resolves once the Redis subscription (if any) is active. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateEventBusOptions {
  /** Redis for cross-instance fan-out; omitted → in-process only. */
  redisUrl?: string;
  channel?: string;
  db?: () => Promise<Db>;
}

export const DEFAULT_EVENT_CHANNEL = "wacc:events";

export function createEventBus(options: CreateEventBusOptions = {}): EventBus {
  const channel = options.channel ?? DEFAULT_EVENT_CHANNEL;
  const dbOf = options.db ?? getDb;
  const listeners = new Map<string, Set<EventListener>>();
  const origin = randomUUID();
  const log = logger.child({ mod: "event-bus" });

  let pub: Redis | undefined;
  let sub: Redis | undefined;
  let readyPromise: Promise<void> = Promise.resolve();
  if (options.redisUrl) {
    pub = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    sub = pub.duplicate();
    pub.on("error", (err) => log.error({ err }, "redis publisher error"));
    sub.on("error", (err) => log.error({ err }, "redis subscriber error"));
    sub.on("message", (ch: string, message: string) => {
      if (ch !== channel) return;
      const event = decodeRemote(message, origin);
      if (event === "own") return;
      if (!event) {
        log.warn({ message: message.slice(0, 200) }, "dropped malformed event from redis");
        return;
      }
      deliver(event);
    });
    readyPromise = sub.subscribe(channel).then(() => undefined);
    // Avoid an unhandled rejection when nobody awaits ready(); the error is logged above.
    readyPromise.catch(() => undefined);
  }

  function deliver(event: AnyStoredEvent): void {
    const set = listeners.get(event.workspaceId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (err) {
        log.error({ err, type: event.type }, "event listener threw");
      }
    }
  }

  return {
    async publish<T extends EventType>(input: PublishInput<T>): Promise<StoredEvent<T>> {
      const data = parseEventData(input.type, input.data);
      const audience = input.audience ? ZAudienceSchema.parse(input.audience) : null;
      const db = await dbOf();
      const row = await db.event.create({
        data: {
          workspaceId: input.workspaceId,
          type: input.type,
          audience: audience ?? Prisma.DbNull,
          data: data as Prisma.InputJsonValue,
        },
      });
      const event = {
        id: row.id.toString(),
        type: input.type,
        workspaceId: row.workspaceId,
        audience,
        data,
        createdAt: row.createdAt.toISOString(),
      } as StoredEvent<T>;
      deliver(event as AnyStoredEvent);
      if (pub) {
        // Fire and forget: the event is already persisted, so an instance that misses it over
        // Redis still serves it to clients reconnecting with Last-Event-ID.
        pub
          .publish(channel, JSON.stringify({ ...event, origin }))
          .catch((err: unknown) => log.error({ err }, "redis publish failed"));
      }
      return event;
    },

    subscribe(workspaceId, listener) {
      let set = listeners.get(workspaceId);
      if (!set) listeners.set(workspaceId, (set = new Set()));
      set.add(listener);
      return () => {
        const s = listeners.get(workspaceId);
        if (!s) return;
        s.delete(listener);
        if (s.size === 0) listeners.delete(workspaceId);
      };
    },

    listenerCount(workspaceId) {
      if (workspaceId !== undefined) return listeners.get(workspaceId)?.size ?? 0;
      let n = 0;
      for (const s of listeners.values()) n += s.size;
      return n;
    },

    ready: () => readyPromise,

    async close() {
      listeners.clear();
      await Promise.all([sub?.quit().catch(() => undefined), pub?.quit().catch(() => undefined)]);
    },
  };
}

/** Rebuilds a stored event from its database row (SSE replay). */
export function eventFromRow(row: {
  id: bigint;
  workspaceId: string;
  type: string;
  audience: Prisma.JsonValue | null;
  data: Prisma.JsonValue;
  createdAt: Date;
}): AnyStoredEvent | null {
  if (!isEventType(row.type)) return null;
  const audience = row.audience === null ? null : ZAudienceSchema.safeParse(row.audience);
  if (audience && !audience.success) return null;
  return {
    id: row.id.toString(),
    type: row.type,
    workspaceId: row.workspaceId,
    audience: audience ? (audience.data as TAudience) : null,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  } as AnyStoredEvent;
}

/** The event from another instance; "own" for this bus's publish echoed back; null if malformed. */
function decodeRemote(message: string, origin: string): AnyStoredEvent | "own" | null {
  try {
    const raw = JSON.parse(message) as Record<string, unknown>;
    if (raw.origin === origin) return "own";
    if (!isEventType(raw.type) || typeof raw.id !== "string" || typeof raw.workspaceId !== "string")
      return null;
    const audience = raw.audience == null ? null : ZAudienceSchema.parse(raw.audience);
    return {
      id: raw.id,
      type: raw.type,
      workspaceId: raw.workspaceId,
      audience,
      data: parseEventData(raw.type, raw.data),
      createdAt: String(raw.createdAt),
    } as AnyStoredEvent;
  } catch {
    return null;
  }
}

const globalForBus = globalThis as unknown as { __eventBus?: EventBus };

/** The process-wide bus (kept on globalThis: Next.js dev reloads modules). */
export function getEventBus(): EventBus {
  globalForBus.__eventBus ??= createEventBus({ redisUrl: env().REDIS_URL });
  return globalForBus.__eventBus;
}

/** Tests install their own bus (or reset with undefined). */
export function setEventBus(bus: EventBus | undefined): void {
  globalForBus.__eventBus = bus;
}

export function publish<T extends EventType>(input: PublishInput<T>): Promise<StoredEvent<T>> {
  return getEventBus().publish(input);
}

export function subscribe(workspaceId: string, listener: EventListener): () => void {
  return getEventBus().subscribe(workspaceId, listener);
}
