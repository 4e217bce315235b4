import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Helpers for the calling end-to-end tests: Chromium with a fake microphone, the sandbox's control
 * API (the simulated WhatsApp user and its fake Meta relay), and tone measurement on both sides.
 * Waiting is always on a condition with a deadline (`waitUntil`), never a fixed sleep.
 */

/** Tone A: the agent's fake microphone. Tone B: the customer (the fake Meta relay). */
export const AGENT_TONE_HZ = 880;
export const CUSTOMER_TONE_HZ = 440;
/** media-server/src/audio/generated-audio.ts HOLD_TONE_HZ. */
export const HOLD_TONE_HZ = 620;

/**
 * Debian's Chromium with a fake microphone looping `micWav` (media-bridge §9 fact 9). The autoplay
 * flag keeps the page's AudioContext running without a gesture, which the AnalyserNode needs.
 */
export async function launchCallBrowser(micWav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${micWav}`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs)); // poll interval of a condition wait, not a sync sleep
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

// ---- Sandbox control API -------------------------------------------------------------------

export interface SimCall {
  id: string;
  direction: string;
  userKey: string;
  state: string;
  endReason: string | null;
  endStatus: string | null;
  answerSdp: string | null;
  media: { connectionState: string; packetsSent: number; packetsReceived: number } | null;
}

export interface ToneDetection {
  freq: number | null;
  share: number;
  shares: Record<string, number>;
  levelDbfs: number;
}

export class Sandbox {
  constructor(readonly url: string) {}

  async req<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}/control${path}`, {
      method,
      headers: body !== undefined ? { "content-type": "application/json" } : undefined,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.req<T>(method, path, body);
    if (r.status >= 300) throw new Error(`sandbox ${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A new simulated WhatsApp user with a unique Indian mobile number; returns its key (wa_id). */
  async newUser(name: string): Promise<string> {
    const phone = `+9198${String(Date.now()).slice(-6)}${Math.floor(Math.random() * 90 + 10)}`;
    const u = await this.ok<{ key: string }>("POST", "/users", { phone, name });
    return u.key;
  }

  placeCall(userKey: string, tone = CUSTOMER_TONE_HZ) {
    return this.ok<SimCall>("POST", `/users/${encodeURIComponent(userKey)}/calls`, { relay: true, tone });
  }

  callMedia(userKey: string, tone = CUSTOMER_TONE_HZ) {
    return this.ok("POST", `/users/${encodeURIComponent(userKey)}/call-media`, { relay: true, tone });
  }

  grantPermission(userKey: string) {
    return this.ok("POST", `/users/${encodeURIComponent(userKey)}/call-permission`, { response: "accept" });
  }

  call(id: string) {
    return this.ok<SimCall>("GET", `/calls/${encodeURIComponent(id)}`);
  }

  async userCalls(userKey: string) {
    return (await this.ok<{ data: SimCall[] }>("GET", `/users/${encodeURIComponent(userKey)}/calls`)).data;
  }

  answer(id: string, tone = CUSTOMER_TONE_HZ) {
    return this.ok<SimCall>("POST", `/calls/${encodeURIComponent(id)}/answer`, { tone });
  }

  hangup(id: string) {
    return this.ok<SimCall>("POST", `/calls/${encodeURIComponent(id)}/hangup`, {});
  }

  dtmf(id: string, digits: string) {
    return this.ok("POST", `/calls/${encodeURIComponent(id)}/dtmf`, { digits });
  }

  /** What the simulated user hears (Goertzel over the last `windowMs`). */
  async hears(id: string, windowMs = 200): Promise<ToneDetection> {
    const freqs = [CUSTOMER_TONE_HZ, AGENT_TONE_HZ, HOLD_TONE_HZ].join(",");
    const r = await this.ok<{ detection: ToneDetection }>("GET", `/calls/${encodeURIComponent(id)}/audio?freqs=${freqs}&windowMs=${windowMs}`);
    return r.detection;
  }
}

// ---- The agent page --------------------------------------------------------------------------

/**
 * Attaches a WebAudio AnalyserNode to one of the softphone's <audio> elements (once per element
 * kind) and returns the loudest frequency in it: the customer (`softphone-remote-audio`, the
 * default) or another agent of a conference (`softphone-peer-audio`, the first one). Chrome reports
 * inbound audioLevel 0 for muted elements, so WebAudio is the reliable measure in headless runs
 * (media-bridge §9 fact 8).
 */
export async function agentHears(
  page: Page,
  testId: "softphone-remote-audio" | "softphone-peer-audio" = "softphone-remote-audio",
): Promise<{ peakHz: number; peakDb: number } | null> {
  return page.evaluate((id) => {
    type Probe = { analyser: AnalyserNode; ctx: AudioContext; stream: MediaStream };
    const w = window as unknown as { __probes?: Record<string, Probe> };
    const el = document.querySelector<HTMLAudioElement>(`[data-testid="${id}"]`);
    const stream = el?.srcObject instanceof MediaStream ? el.srcObject : null;
    if (!el || !stream || stream.getAudioTracks().length === 0) return null;
    const probes = (w.__probes ??= {});
    if (probes[id]?.stream !== stream) {
      void probes[id]?.ctx.close();
      const ctx = new AudioContext({ sampleRate: 48_000 });
      void ctx.resume();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.5;
      ctx.createMediaStreamSource(stream).connect(analyser);
      probes[id] = { analyser, ctx, stream };
    }
    const { analyser, ctx } = probes[id]!;
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 1;
    for (let i = 2; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
    return { peakHz: (best * ctx.sampleRate) / analyser.fftSize, peakDb: bins[best]! };
  }, testId);
}

export function near(hz: number, target: number, tol = 15): boolean {
  return Math.abs(hz - target) <= tol;
}

/** `everyMs` / `windowMs`: the bench polls more often over a shorter window than the tests need. */
export async function waitForAgentTone(page: Page, hz: number, timeoutMs = 10_000, everyMs = 100) {
  return waitUntil(`the agent page to hear ${hz} Hz`, async () => {
    const m = await agentHears(page);
    return m && m.peakDb > -80 && near(m.peakHz, hz) ? m : null;
  }, timeoutMs, everyMs);
}

/** Another agent of a conference call, as this agent's page plays them (their own <audio> element). */
export async function waitForPeerTone(page: Page, hz: number, timeoutMs = 10_000) {
  return waitUntil(`the agent page to hear another agent at ${hz} Hz`, async () => {
    const m = await agentHears(page, "softphone-peer-audio");
    return m && m.peakDb > -80 && near(m.peakHz, hz) ? m : null;
  }, timeoutMs);
}

export async function waitForCustomerTone(sb: Sandbox, simCallId: string, hz: number, timeoutMs = 10_000, everyMs = 100, windowMs = 200) {
  return waitUntil(`the customer to hear ${hz} Hz`, async () => {
    const d = await sb.hears(simCallId, windowMs);
    return d.freq === hz ? d : null;
  }, timeoutMs, everyMs);
}

/** Routing rings online agents only (lib/routing/available-call-agents.ts); seeded users start offline. */
export async function setAgentPresence(page: Page, presence: "online" | "offline"): Promise<number> {
  return page.evaluate(
    async (p) => (await fetch("/api/v1/me", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ presence: p }) })).status,
    presence,
  );
}

/**
 * The page's `softphone:*` User Timing marks of one call, as epoch ms (performance.timeOrigin +
 * startTime, the same clock as Date.now() here), so a bench can start its clock at the real click.
 */
export async function softphoneMarks(page: Page, callId: string): Promise<Record<string, number>> {
  return page.evaluate((id) => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType("mark")) {
      const detail = (m as PerformanceMark).detail as { callId?: string } | null;
      if (m.name.startsWith("softphone:") && detail?.callId === id) out[m.name.slice(10)] ??= performance.timeOrigin + m.startTime;
    }
    return out;
  }, callId);
}

export function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? NaN;
}
