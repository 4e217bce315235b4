import type { GraphTransport } from "@/lib/calls/calling-api";
import type { ReceivedDelivery } from "@/lib/sandbox/testing/webhook-receiver";
import { SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { parseWebhook } from "@/lib/whatsapp/parse-webhook";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";

/**
 * What the sandbox calling tests share: the sandbox's Graph API as a transport for the app's
 * Calling API client, its control API, and the `calls` webhooks it sends. `url` is read per request
 * (the sandbox starts in beforeAll).
 */
export function sandboxCalling(url: () => string) {
  function graph(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    return fetch(`${url()}/graph/v25.0${path}`, {
      method,
      headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.accessToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  }
  const transport: GraphTransport = { post: (p, b) => graph("POST", p, b), get: (p) => graph("GET", p) };
  async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${url()}/control${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }
  return { graph, transport, control };
}

export type CallEvent = Extract<TWebhookEvent, { kind: "call" }>;
export const callEvents = (d: ReceivedDelivery) => parseWebhook(d.json).filter((e): e is CallEvent => e.kind === "call");
export const isCall = (callId: string, event: string) => (d: ReceivedDelivery) => callEvents(d).some((e) => e.callId === callId && e.event === event);

/** Waits for a condition that changes as packets arrive (bounded; fails with a message). */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25)); // the poll interval of a condition wait, not a delay
  }
}
