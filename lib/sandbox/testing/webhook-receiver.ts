import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, verifyHubSignature } from "@/lib/whatsapp/signature";

/**
 * A stand-in for the app's webhook route in tests: records every POST with its RAW bytes, checks
 * `X-Hub-Signature-256` on those bytes, and can be told to answer non-200 to exercise retries.
 * `waitFor` resolves on a matching delivery (event-driven, no polling or sleeps).
 */
export interface ReceivedDelivery {
  raw: Buffer;
  signature: string | null;
  signatureValid: boolean;
  json: unknown;
  answeredWith: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Status codes to answer with for the next requests (then 200). */
  failNext(...statuses: number[]): void;
  waitFor(predicate: (d: ReceivedDelivery) => boolean, timeoutMs?: number): Promise<ReceivedDelivery>;
  waitForCount(predicate: (d: ReceivedDelivery) => boolean, count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  clear(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(appSecret: string): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  let failures: number[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const signature = (req.headers[SIGNATURE_HEADER] as string | undefined) ?? null;
      const status = failures.shift() ?? 200;
      let json: unknown = null;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        json = null;
      }
      const d: ReceivedDelivery = { raw, signature, signatureValid: verifyHubSignature(raw, signature, appSecret), json, answeredWith: status };
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "EVENT_RECEIVED" : "nope");
      received.push(d);
      emitter.emit("delivery", d);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/whatsapp`;

  const waitForCount = (predicate: (d: ReceivedDelivery) => boolean, count: number, timeoutMs = 10_000) =>
    new Promise<ReceivedDelivery[]>((resolve, reject) => {
      const matches = () => received.filter(predicate);
      if (matches().length >= count) return resolve(matches());
      const onDelivery = () => {
        if (matches().length >= count) {
          cleanup();
          resolve(matches());
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waited ${timeoutMs} ms for ${count} matching webhook deliveries, got ${matches().length} (of ${received.length})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        emitter.off("delivery", onDelivery);
      };
      emitter.on("delivery", onDelivery);
    });

  return {
    url,
    received,
    failNext: (...statuses) => (failures = [...failures, ...statuses]),
    waitFor: async (predicate, timeoutMs) => (await waitForCount(predicate, 1, timeoutMs))[0]!,
    waitForCount,
    clear: () => {
      received.length = 0;
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
