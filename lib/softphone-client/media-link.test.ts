import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "@/lib/core/backoff";
import { MediaLink, RECONNECT_BACKOFF, type MediaDeviceLike, type MediaLinkState } from "./media-link";
import type { SignallingClient } from "./signalling-client";

/** Interface fakes for the socket and the Device; the timer is driven by hand. */
class FakeClient {
  closed = false;
  requests: string[] = [];
  private drop: ((reason: string) => void) | null = null;
  constructor(private readonly caps: unknown = { codecs: ["opus"] }) {}
  async request(name: string) {
    this.requests.push(name);
    return { routerRtpCapabilities: this.caps };
  }
  on() {
    return () => undefined;
  }
  onDisconnect(fn: (reason: string) => void) {
    this.drop = fn;
    return () => undefined;
  }
  close() {
    this.closed = true;
  }
  disconnect(reason: string) {
    this.drop?.(reason);
  }
}

class FakeDevice implements MediaDeviceLike {
  loaded = false;
  loads = 0;
  async load() {
    this.loads++;
    this.loaded = true;
  }
}

function harness(connectResults: Array<FakeClient | Error>) {
  const tokens: string[] = [];
  const states: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const devices: FakeDevice[] = [];
  const clients: FakeClient[] = [];
  let n = 0;
  const link = new MediaLink<FakeDevice>({
    fetchToken: async () => {
      tokens.push(`t${++n}`);
      return { token: `t${n}`, url: "http://media" };
    },
    connect: async () => {
      const next = connectResults.shift() ?? new Error("no more connections");
      if (next instanceof Error) throw next;
      clients.push(next);
      return next as unknown as SignallingClient;
    },
    createDevice: () => {
      const d = new FakeDevice();
      devices.push(d);
      return d;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
    random: () => 0.5,
    onState: (s: MediaLinkState, reason?: string) => states.push(reason ? `${s}: ${reason}` : s),
  });
  return { link, tokens, states, timers, devices, clients };
}

describe("reconnect backoff", () => {
  it("doubles from 0.5 s up to 15 s, jittered between half and all of it", () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 11].map((a) => backoffDelayMs(a, RECONNECT_BACKOFF, () => 1) + 1);
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(backoffDelayMs(1, RECONNECT_BACKOFF, () => 0)).toBe(250);
    expect(backoffDelayMs(41, RECONNECT_BACKOFF, () => 0)).toBe(7500);
  });
});

describe("MediaLink", () => {
  it("connects once with a user token, loads the Device once, and hands the same socket to every call", async () => {
    const h = harness([new FakeClient()]);
    const a = await h.link.ready();
    const b = await h.link.ready();
    expect(b).toBe(a);
    expect(h.tokens).toEqual(["t1"]);
    expect(h.clients[0]!.requests).toEqual(["getRouterRtpCapabilities"]);
    expect(h.devices).toHaveLength(1);
    expect(h.devices[0]!.loads).toBe(1);
    expect(a.capabilitiesKey).toBe(JSON.stringify({ codecs: ["opus"] }));
    expect(h.states).toEqual(["connecting", "ready"]);
  });

  it("reconnects after a drop with a fresh token and backoff, keeping the loaded Device", async () => {
    const first = new FakeClient();
    const h = harness([first, new Error("MEDIA_UNREACHABLE"), new FakeClient()]);
    await h.link.ready();
    first.disconnect("transport close");
    expect(h.timers.map((t) => t.ms)).toEqual([375]); // attempt 0: 0.5 s × (0.5 + 0.5 × 0.5)
    h.timers.shift()!.fn();
    await expect.poll(() => h.states.at(-1)).toBe("retrying: MEDIA_UNREACHABLE");
    expect(h.timers.map((t) => t.ms)).toEqual([750]); // attempt 1 waits longer
    h.timers.shift()!.fn();
    const c = await h.link.ready();
    expect(c.client).toBe(h.clients[1]);
    expect(h.tokens).toEqual(["t1", "t2", "t3"]);
    expect(h.devices).toHaveLength(1);
    expect(h.devices[0]!.loads).toBe(1);
    // A successful connection resets the backoff.
    h.clients[1]!.disconnect("ping timeout");
    expect(h.timers.map((t) => t.ms)).toEqual([375]);
  });

  it("ready() while waiting out a backoff connects at once (the agent clicked Accept)", async () => {
    const h = harness([new Error("MEDIA_UNREACHABLE"), new FakeClient()]);
    await expect(h.link.ready()).rejects.toThrow("MEDIA_UNREACHABLE");
    expect(h.timers).toHaveLength(1);
    const c = await h.link.ready();
    expect(c.client).toBe(h.clients[0]);
  });

  it("close() closes the socket, stops retrying and refuses ready()", async () => {
    const h = harness([new FakeClient()]);
    await h.link.ready();
    h.link.close();
    expect(h.clients[0]!.closed).toBe(true);
    h.clients[0]!.disconnect("io client disconnect");
    expect(h.timers).toHaveLength(0);
    await expect(h.link.ready()).rejects.toThrow("closed");
    expect(h.states.at(-1)).toBe("closed");
  });
});
