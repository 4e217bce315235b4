import { FRAPPE_SIGNATURE_HEADER, signFrappeWebhook } from "@/lib/crm/webhook-signature";
import { pyJsonDumps } from "./py-json";
import type { DocChange, FakeFrappeStore } from "./store";

/**
 * Frappe's Webhook doctype delivery (reference §5.1), configured here as "CRM Lead after_insert /
 * on_update" with a JSON request structure and security enabled: after the change, POST
 * `json.dumps(data)` (Python separators and escaping) to the URL with
 * `X-Frappe-Webhook-Signature: base64(HMAC-SHA256(secret, body))` and the Content-Type header the
 * admin added. Up to 3 attempts in the same job, sleeping 1 s then 4 s between them; then it gives
 * up for good (no later redelivery).
 */
export interface WebhookDelivery {
  id: number;
  event: string;
  docname: string;
  body: string;
  signature: string;
  attempts: { status: number | null; error?: string }[];
  delivered: boolean;
}

const WATCHED = ["lead_owner", "status", "first_name", "last_name", "lead_name", "mobile_no", "phone", "email", "organization"];

export class FrappeWebhookSender {
  deliveries: WebhookDelivery[] = [];
  private inFlight = new Set<Promise<void>>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly store: FakeFrappeStore,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    store.listeners.push((c) => this.onChange(c));
  }

  private onChange(c: DocChange): void {
    if (c.doctype !== "CRM Lead" || !this.store.options.webhookUrl) return;
    if (c.event === "on_update" && !c.changed.some((f) => WATCHED.includes(f))) return;
    if (c.event === "on_trash") return;
    const d = c.doc;
    const data = {
      doctype: "CRM Lead",
      event: c.event,
      name: d.name,
      lead_name: d.lead_name ?? null,
      first_name: d.first_name ?? null,
      last_name: d.last_name ?? null,
      status: d.status ?? null,
      lead_owner: d.lead_owner ?? null,
      mobile_no: d.mobile_no ?? null,
      phone: d.phone ?? null,
      email: d.email ?? null,
      organization: d.organization ?? null,
      converted: d.converted ?? 0,
      modified: d.modified,
      modified_by: d.modified_by,
      changed: c.changed.filter((f) => WATCHED.includes(f)),
    };
    // Enqueued "after the commit": the response to the write goes out first.
    const p = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.deliver(c.event, String(d.name), data));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(event: string, docname: string, data: Record<string, unknown>): Promise<void> {
    const url = this.store.options.webhookUrl;
    if (!url || this.closed) return;
    const body = pyJsonDumps(data);
    const signature = signFrappeWebhook(body, this.store.options.webhookSecret);
    const log: WebhookDelivery = { id: this.nextId++, event, docname, body, signature, attempts: [], delivered: false };
    this.deliveries.push(log);
    const delays = this.store.options.webhookRetryDelaysMs;
    for (let attempt = 0; attempt < 3 && !this.closed; attempt++) {
      try {
        const res = await this.fetchImpl(url, {
          method: "POST",
          headers: { [FRAPPE_SIGNATURE_HEADER]: signature, "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        await res.body?.cancel().catch(() => undefined);
        log.attempts.push({ status: res.status });
        if (res.ok) {
          log.delivered = true;
          return;
        }
      } catch (err) {
        log.attempts.push({ status: null, error: err instanceof Error ? err.message : String(err) });
      }
      if (attempt < 2) await new Promise((r) => setTimeout(r, delays[attempt] ?? 0));
    }
  }

  /** Resolves when every delivery (with its retries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
  }
}
