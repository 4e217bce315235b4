"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { EVENT_TYPES } from "@/lib/events/events";
import { EventStreamClient, type RealtimeEvent, type RealtimeStatus } from "./event-stream-client";

/**
 * React access to the tab's single SSE connection. The first subscriber opens it, the last one to
 * leave closes it. Types the server may add before events.ts lists them (the inbox's
 * `conversation.viewers_changed`) are registered here too.
 */
const EXTRA_TYPES = ["conversation.viewers_changed", "conversation.created"] as const;

let client: EventStreamClient | null = null;
let users = 0;

function acquire(): EventStreamClient {
  client ??= new EventStreamClient({ types: [...new Set<string>([...EVENT_TYPES, ...EXTRA_TYPES])] });
  users++;
  client.start();
  return client;
}

function release(): void {
  users--;
  if (users <= 0 && client) {
    users = 0;
    client.stop();
  }
}

/** Calls `handler` for every event; the latest handler is used without re-subscribing. */
export function useRealtimeEvents(handler: (event: RealtimeEvent) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const c = acquire();
    const off = c.subscribe((e) => ref.current(e));
    return () => {
      off();
      release();
    };
  }, []);
}

/** The connection state, for a "Reconnecting…" hint. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(
    (cb) => {
      const c = acquire();
      const off = c.onStatus(cb);
      return () => {
        off();
        release();
      };
    },
    () => client?.status ?? "connecting",
    () => "connecting",
  );
}
