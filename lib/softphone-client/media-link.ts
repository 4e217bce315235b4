import { Device } from "mediasoup-client";
import { connectSignalling, type SignallingClient } from "./signalling-client";
import { backoffDelayMs, type BackoffPolicy } from "@/lib/core/backoff";

/**
 * The softphone's standing connection to the media-server, opened when calling is available and
 * kept across calls, so that accepting a call costs only the call's own round trips (joinCall with
 * the call token, which brings back the transports and consumer, then produce):
 *
 * - one socket.io connection, authenticated by a token for the user alone (POST /api/media/token
 *   without a call). That token joins nothing: each joinCall presents the call token web mints on
 *   accept, and the media-server checks it (media-server/src/signalling/handlers/join-call.ts);
 * - a mediasoup-client Device loaded once with the router capabilities, which are the same for every
 *   call room (one codec list, media-server/src/signalling/router-capabilities.ts). A Device loads
 *   only once; a session that finds other capabilities in joinCall loads its own;
 * - when the socket drops (media-server restart, network), it reconnects with a fresh token after a
 *   backoff (0.5 s doubling to 15 s, jittered so a restarted media-server is not hit by every agent
 *   at once). `ready()` skips the wait: an agent clicking Accept reconnects now.
 */
export type MediaLinkState = "connecting" | "ready" | "retrying" | "closed";

export interface MediaLinkConnection {
  client: SignallingClient;
  device: MediaDeviceLike;
  /** The media-server URL this socket is connected to. */
  url: string;
  /** JSON of the capabilities the device was loaded with (to compare with a joined room's). */
  capabilitiesKey: string;
}

/** The part of mediasoup-client's Device the link relies on (a fake in unit tests). */
export interface MediaDeviceLike {
  readonly loaded: boolean;
  load(o: { routerRtpCapabilities: never }): Promise<void>;
}

export interface MediaLinkOptions<D extends MediaDeviceLike = Device> {
  /** A socket token for the user (no call) and where to connect. */
  fetchToken: () => Promise<{ token: string; url: string }>;
  onState?: (state: MediaLinkState, reason?: string) => void;
  /** For unit tests: the signalling connection, the device, the timer and the jitter source. */
  connect?: (o: { url: string; token: string }) => Promise<SignallingClient>;
  createDevice?: () => D;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  random?: () => number;
}

/** Reconnects: between half and all of 0.5 s, 1 s, 2 s … capped at 15 s. */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 15_000, jitter: 0.5 };

export class MediaLink<D extends MediaDeviceLike = Device> {
  private conn: (MediaLinkConnection & { device: D }) | null = null;
  private pending: Promise<MediaLinkConnection & { device: D }> | null = null;
  private device: D | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;
  private state: MediaLinkState | null = null;

  constructor(private readonly opts: MediaLinkOptions<D>) {}

  get currentState(): MediaLinkState | null {
    return this.state;
  }

  /** Connects in the background (errors go to onState and the retry loop). */
  start(): void {
    this.ready().catch(() => undefined); // reported through onState; the backoff timer retries
  }

  /** The live connection, connecting now when there is none (any backoff wait is skipped). */
  ready(): Promise<MediaLinkConnection & { device: D }> {
    if (this.closed) return Promise.reject(new Error("media link closed"));
    if (this.conn) return Promise.resolve(this.conn);
    if (!this.pending) {
      this.cancelTimer();
      this.pending = this.connect().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelTimer();
    this.conn?.client.close();
    this.conn = null;
    this.setState("closed");
  }

  private async connect(): Promise<MediaLinkConnection & { device: D }> {
    this.setState("connecting");
    let client: SignallingClient | null = null;
    try {
      const { token, url } = await this.opts.fetchToken();
      client = await (this.opts.connect ?? connectSignalling)({ url, token });
      const { routerRtpCapabilities } = await client.request("getRouterRtpCapabilities", {});
      this.device ??= this.opts.createDevice ? this.opts.createDevice() : (new Device() as unknown as D);
      if (!this.device.loaded) await this.device.load({ routerRtpCapabilities: routerRtpCapabilities as never });
      if (this.closed) throw new Error("media link closed");
      const c = client;
      const conn = { client: c, device: this.device, url, capabilitiesKey: JSON.stringify(routerRtpCapabilities) };
      c.onDisconnect((reason) => {
        if (this.conn?.client !== c) return;
        this.conn = null;
        this.retry(`media server connection lost (${reason})`);
      });
      this.conn = conn;
      this.attempt = 0;
      this.setState("ready");
      return conn;
    } catch (err) {
      client?.close();
      this.retry(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private retry(reason: string): void {
    if (this.closed) return;
    this.cancelTimer();
    const delay = backoffDelayMs(++this.attempt, RECONNECT_BACKOFF, this.opts.random);
    this.setState("retrying", reason);
    const set = this.opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = null;
      this.start();
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    (this.opts.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }

  private setState(state: MediaLinkState, reason?: string): void {
    if (this.state === state && state !== "retrying") return;
    this.state = state;
    this.opts.onState?.(state, reason);
  }
}
