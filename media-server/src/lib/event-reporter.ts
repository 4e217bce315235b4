import { SIGNATURE_HEADER, signRequest } from "../../../lib/media/signing";
import type { Logger } from "./logger";

/**
 * Reports media events to web: a signed POST of `{ type, ... }` to `${WEB_CALLBACK_URL}/api/media/events`
 * (see lib/media/signing.ts). Retries with exponential backoff; never throws and never crashes the
 * process because web is down — a restarting web must not take live media with it.
 */
export interface MediaEvent {
  /** `media.past_tense`, e.g. media.worker_died. */
  type: string;
  [k: string]: unknown;
}

export interface EventReporterOptions {
  url: string;
  secret: string;
  log: Logger;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

export class EventReporter {
  private readonly pending = new Set<Promise<boolean>>();
  private stopped = false;
  private readonly timers = new Map<NodeJS.Timeout, () => void>();

  constructor(private readonly options: EventReporterOptions) {}

  /** Fire and forget; the returned promise resolves true when web acknowledged (2xx), false otherwise. */
  report(event: MediaEvent): Promise<boolean> {
    const p = this.deliver(event).finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }

  /** Stops retrying (shutdown); deliveries in flight finish or give up. */
  stop(): void {
    this.stopped = true;
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
  }

  private async deliver(event: MediaEvent): Promise<boolean> {
    const { url, secret, log } = this.options;
    const attempts = this.options.attempts ?? 5;
    const base = this.options.baseDelayMs ?? 250;
    const raw = JSON.stringify(event);
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signRequest(raw, secret) },
          body: raw,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000),
        });
        await res.arrayBuffer().catch(() => undefined); // drain; the body is not needed
        if (res.ok) return true;
        // 4xx other than 408/429 will not get better by retrying (e.g. a secret mismatch): give up loudly.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          log.error({ type: event.type, status: res.status }, "web refused media event");
          return false;
        }
        log.warn({ type: event.type, status: res.status, attempt }, "media event delivery failed");
      } catch (err) {
        log.warn({ type: event.type, attempt, err: err instanceof Error ? err.message : String(err) }, "media event delivery failed");
      }
      if (attempt < attempts) await this.delay(base * 2 ** (attempt - 1));
    }
    log.error({ type: event.type }, "media event dropped after retries");
    return false;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      t.unref();
      this.timers.set(t, resolve);
    });
  }
}
