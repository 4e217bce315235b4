import { signHubSignature } from "@/lib/whatsapp/signature";
import { metaJsonBytes } from "./meta-json";
import type { SandboxStore, TDeliveryLog } from "./store";
import { envelope, type TWebhookValue } from "./webhook-payloads";

/**
 * Meta's webhook sender (reference §1.3, §1.4, §9.2): POSTs each delivery to the app's webhook URL,
 * serialised like Meta (non-ASCII → \uXXXX, "/" → "\/") and signed over exactly those bytes.
 * Only HTTP 200 counts as success; anything else (or no answer) is retried with exponential
 * backoff. Knobs from the control API: duplicate the next N deliveries, reverse status batches.
 *
 * First attempts go out one at a time in the order they were queued (so tests see a deterministic
 * order unless they ask for reordering); retries are scheduled on timers and do not block the queue.
 */
export interface TDeliveryResult {
  id: number;
  delivered: boolean;
  attempts: number;
  lastStatus: number | null;
}

export class WebhookSender {
  private chain: Promise<unknown> = Promise.resolve();
  private inFlight = new Set<Promise<unknown>>();
  private timers = new Set<NodeJS.Timeout>();
  private pending = new Set<() => void>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Wrap a change value in Meta's envelope and deliver it. */
  deliver(field: string, value: TWebhookValue, summary = field): Promise<TDeliveryResult> {
    return this.deliverEnvelope(envelope(this.store.options, field, value), field, summary);
  }

  /** Deliver status objects (one POST each), in reverse order when reordering is switched on. */
  async deliverStatuses(statuses: Record<string, unknown>[]): Promise<TDeliveryResult[]> {
    const ordered = this.store.webhook.reorderStatuses ? [...statuses].reverse() : statuses;
    return Promise.all(ordered.map((s) => this.deliver("messages", { statuses: [s] }, `status ${String(s.status)} ${String(s.id)}`)));
  }

  deliverEnvelope(body: unknown, field: string, summary: string): Promise<TDeliveryResult> {
    const bytes = metaJsonBytes(body);
    const w = this.store.webhook;
    let duplicate = w.duplicateAll;
    if (!duplicate && w.duplicateNext > 0) {
      w.duplicateNext--;
      duplicate = true;
    }
    const first = this.enqueue(bytes, field, summary);
    if (!duplicate) return first;
    // Meta redelivers byte-identical payloads (timeouts, several subscribed apps, fail-over).
    return first.then(async (r) => {
      await this.enqueue(bytes, field, `${summary} (duplicate)`, r.id);
      return r;
    });
  }

  private enqueue(bytes: Buffer, field: string, summary: string, duplicateOf?: number): Promise<TDeliveryResult> {
    const log: TDeliveryLog = {
      id: this.nextId++,
      field,
      summary,
      bytes: bytes.length,
      signature: signHubSignature(bytes, this.store.options.appSecret),
      attempts: [],
      delivered: false,
      gaveUp: false,
      ...(duplicateOf !== undefined ? { duplicateOf } : {}),
    };
    this.store.deliveries.push(log);
    const generation = this.store.generation;
    const done = new Promise<TDeliveryResult>((resolve) => {
      let settled = false;
      const finish = (gaveUp: boolean) => {
        if (settled) return;
        settled = true;
        this.pending.delete(cancel);
        log.gaveUp = gaveUp;
        resolve(this.result(log));
      };
      const cancel = () => finish(true);
      this.pending.add(cancel);
      // Returns once this attempt has an outcome; a retry is scheduled on a timer, not awaited.
      const attempt = async (n: number): Promise<void> => {
        if (this.closed || generation !== this.store.generation) return finish(true);
        const status = await this.post(bytes, log);
        if (status === 200) {
          log.delivered = true;
          return finish(false);
        }
        if (n >= this.store.webhook.maxAttempts) return finish(true);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void attempt(n + 1);
        }, this.store.webhook.retryBaseMs * 2 ** (n - 1));
        this.timers.add(timer);
      };
      // First attempts in queue order; a failing endpoint does not hold back the queue.
      this.chain = this.chain.then(() => attempt(1));
    });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return done;
  }

  private result(log: TDeliveryLog): TDeliveryResult {
    return { id: log.id, delivered: log.delivered, attempts: log.attempts.length, lastStatus: log.attempts.at(-1)?.status ?? null };
  }

  private async post(bytes: Buffer, log: TDeliveryLog): Promise<number | null> {
    const at = this.store.now();
    try {
      const res = await this.fetchImpl(this.store.options.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signHubSignature(bytes, this.store.options.appSecret),
          "user-agent": "facebookexternalua",
        },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(this.store.webhook.requestTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined); // drain; the body is irrelevant to Meta
      log.attempts.push({ at, status: res.status });
      return res.status;
    } catch (err) {
      log.attempts.push({ at, status: null, error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  /**
   * The GET verification handshake Meta performs when the callback URL is configured (§1.1).
   * True when the app echoes the challenge with 200.
   */
  async verifyEndpoint(): Promise<{ ok: boolean; status: number | null }> {
    const challenge = String(Math.floor(Math.random() * 1e10));
    const u = new URL(this.store.options.webhookUrl);
    u.searchParams.set("hub.mode", "subscribe");
    u.searchParams.set("hub.challenge", challenge);
    u.searchParams.set("hub.verify_token", this.store.options.verifyToken);
    try {
      const res = await this.fetchImpl(u, { signal: AbortSignal.timeout(this.store.webhook.requestTimeoutMs) });
      const text = await res.text();
      return { ok: res.status === 200 && text === challenge, status: res.status };
    } catch {
      return { ok: false, status: null };
    }
  }

  /** Resolves when every queued delivery (including pending retries) has an outcome. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const cancel of [...this.pending]) cancel();
  }
}
