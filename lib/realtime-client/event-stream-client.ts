import { backoffDelayMs } from "@/lib/core/backoff";

/**
 * The browser's one SSE connection per tab to GET /api/events (ARCHITECTURE §5), shared by every
 * screen that needs live data (inbox now, softphone later).
 *
 * Outside-world behaviour this relies on (WHATWG HTML §9.2 "Server-sent events"):
 * - EventSource reconnects by itself after a network drop and then sends the `Last-Event-ID`
 *   header with the last `id:` it saw — our server replays what was missed.
 * - It gives up for good (readyState CLOSED) when the server answers with a non-200 status or a
 *   wrong content type (e.g. 401 after the session expired, 502 during a deploy). Then we open a new
 *   EventSource ourselves, with backoff, and pass the last id as `?lastEventId=` because a fresh
 *   EventSource cannot be given a header.
 * - Named events (`event: message.created`) reach only listeners registered for that exact name,
 *   so every type a consumer cares about is registered up front.
 */

export interface RealtimeEvent {
  /** The server's event id (decimal string), also the resume point. */
  id: string;
  type: string;
  data: unknown;
}

export type RealtimeStatus = "connecting" | "open" | "reconnecting" | "stopped";

type Listener = (event: RealtimeEvent) => void;
type StatusListener = (status: RealtimeStatus) => void;

/** The subset of the browser's EventSource this client uses (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface EventStreamClientOptions {
  url?: string;
  /** Event names to listen for (EventSource delivers named events only to matching listeners). */
  types: readonly string[];
  createEventSource?: EventSourceFactory;
  /** Delay before the n-th manual reconnect (n starts at 1). */
  backoffMs?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const CLOSED = 2;

/** Between half and all of 1 s, 2 s, 4 s … capped at 30 s, so a restarted server is not hit in lockstep. */
export function defaultBackoffMs(attempt: number): number {
  return backoffDelayMs(attempt, { baseMs: 1_000, capMs: 30_000, jitter: 0.5 });
}

export class EventStreamClient {
  private readonly url: string;
  private readonly types: Set<string>;
  private readonly create: EventSourceFactory;
  private readonly backoff: (attempt: number) => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly listeners = new Set<Listener>();
  private readonly statusListeners = new Set<StatusListener>();
  private source: EventSourceLike | null = null;
  private timer: unknown = null;
  private attempts = 0;
  private running = false;
  private _status: RealtimeStatus = "stopped";
  private _lastEventId: string | null = null;
  private readonly seen = new Set<string>();

  constructor(options: EventStreamClientOptions) {
    this.url = options.url ?? "/api/events";
    this.types = new Set(options.types);
    this.create = options.createEventSource ?? ((url) => new EventSource(url, { withCredentials: true }));
    this.backoff = options.backoffMs ?? defaultBackoffMs;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get status(): RealtimeStatus {
    return this._status;
  }

  get lastEventId(): string | null {
    return this._lastEventId;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.setStatus("stopped");
  }

  private open(): void {
    const resume = this._lastEventId
      ? `${this.url.includes("?") ? "&" : "?"}lastEventId=${encodeURIComponent(this._lastEventId)}`
      : "";
    this.setStatus(this.attempts === 0 && this._lastEventId === null ? "connecting" : "reconnecting");
    const es = this.create(this.url + resume);
    this.source = es;
    es.onopen = () => {
      if (this.source !== es) return;
      this.attempts = 0;
      this.setStatus("open");
    };
    es.onerror = () => {
      if (this.source !== es) return;
      if (es.readyState === CLOSED) {
        // The browser gave up (non-200 answer): reconnect ourselves, later.
        es.close();
        this.source = null;
        this.scheduleReconnect();
      } else {
        // CONNECTING: the browser is already retrying with Last-Event-ID.
        this.setStatus("reconnecting");
      }
    };
    for (const type of this.types) {
      es.addEventListener(type, (ev: MessageEvent) => {
        if (this.source !== es) return;
        this.dispatch(type, ev);
      });
    }
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    this.attempts++;
    this.setStatus("reconnecting");
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (this.running) this.open();
    }, this.backoff(this.attempts));
  }

  private dispatch(type: string, ev: MessageEvent): void {
    const id = ev.lastEventId || "";
    if (id) {
      // A resume can overlap with what we already saw; deliver each id once.
      if (this.seen.has(id)) return;
      this.seen.add(id);
      if (this.seen.size > 2000) this.seen.delete(this.seen.values().next().value as string);
      this._lastEventId = id;
    }
    let data: unknown;
    try {
      data = JSON.parse(String(ev.data));
    } catch {
      return; // not ours to interpret; the server only sends JSON payloads
    }
    const event: RealtimeEvent = { id, type, data };
    for (const l of [...this.listeners]) l(event);
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this._status) return;
    this._status = status;
    for (const l of [...this.statusListeners]) l(status);
  }
}
