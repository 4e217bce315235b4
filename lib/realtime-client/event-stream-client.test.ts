import { describe, expect, it } from "vitest";
import { EventStreamClient, type EventSourceLike, type RealtimeEvent } from "./event-stream-client";

/** A scripted EventSource: the test plays the server and the browser's reconnect behaviour. */
class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  private readonly handlers = new Map<string, ((ev: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  emit(type: string, id: string, data: unknown): void {
    const ev = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    for (const h of this.handlers.get(type) ?? []) h(ev);
  }
  fail(permanently: boolean): void {
    this.readyState = permanently ? 2 : 0;
    this.onerror?.(new Event("error"));
  }
}

function setup() {
  const sources: FakeEventSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const client = new EventStreamClient({
    types: ["message.created", "conversation.updated"],
    createEventSource: (url) => {
      const s = new FakeEventSource(url);
      sources.push(s);
      return s;
    },
    backoffMs: (n) => n * 1000,
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: () => {},
  });
  const got: RealtimeEvent[] = [];
  client.subscribe((e) => got.push(e));
  return { client, sources, timers, got };
}

describe("EventStreamClient", () => {
  it("delivers named events with parsed data and tracks the last id", () => {
    const { client, sources, got } = setup();
    client.start();
    expect(sources[0]!.url).toBe("/api/events");
    sources[0]!.open();
    expect(client.status).toBe("open");
    sources[0]!.emit("message.created", "7", { conversationId: "c1" });
    expect(got).toEqual([{ id: "7", type: "message.created", data: { conversationId: "c1" } }]);
    expect(client.lastEventId).toBe("7");
  });

  it("lets the browser retry a dropped connection itself (no second EventSource)", () => {
    const { client, sources, timers } = setup();
    client.start();
    sources[0]!.open();
    sources[0]!.fail(false);
    expect(client.status).toBe("reconnecting");
    expect(sources).toHaveLength(1);
    expect(timers).toHaveLength(0);
  });

  it("reopens with ?lastEventId= and backoff after the browser gives up, and drops replayed duplicates", () => {
    const { client, sources, timers, got } = setup();
    client.start();
    sources[0]!.open();
    sources[0]!.emit("conversation.updated", "41", { conversationId: "a" });
    sources[0]!.fail(true);
    expect(sources[0]!.closed).toBe(true);
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    timers[0]!.fn();
    expect(sources[1]!.url).toBe("/api/events?lastEventId=41");
    // The server fails again before opening: the next wait is longer.
    sources[1]!.fail(true);
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    timers[1]!.fn();
    sources[2]!.open();
    sources[2]!.emit("conversation.updated", "41", { conversationId: "a" });
    sources[2]!.emit("conversation.updated", "42", { conversationId: "b" });
    expect(got.map((e) => e.id)).toEqual(["41", "42"]);
    expect(client.status).toBe("open");
  });

  it("ignores events from a closed source and stops cleanly", () => {
    const { client, sources, got } = setup();
    client.start();
    const first = sources[0]!;
    client.stop();
    first.emit("message.created", "1", {});
    expect(got).toHaveLength(0);
    expect(client.status).toBe("stopped");
  });
});
