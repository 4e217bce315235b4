import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { ZodError } from "zod";
import { parseCrmConfig } from "@/lib/crm/config";
import { BodyTooLargeError, makeContext, matchRoute, sendJson } from "../http";
import { resolveUser } from "./auth";
import { controlRoutes } from "./control";
import { FakeFrappeError, sendFrappeError, serverMessages } from "./errors";
import { methodRoutes } from "./methods";
import { oauthRoutes } from "./oauth";
import { pageRoutes } from "./pages";
import { resourceRoutes } from "./resource";
import { defaultFakeFrappeOptions, type Fault, FakeFrappeStore, type FakeFrappeOptions } from "./store";
import { FrappeWebhookSender } from "./webhook-sender";

/**
 * The fake Frappe CRM (reference §7): Frappe v15/v16 + CRM v1.x as our integration sees it — the v1
 * REST resource API, the CRM methods, OAuth 2 provider endpoints with a login page and consent,
 * signed outgoing webhooks on lead changes, a lead page that iframes the app's embed view, and
 * control knobs for tests. State is in memory (store.ts). Separate from the WhatsApp sandbox.
 *
 * Run standalone: `npx tsx lib/sandbox/frappe/server.ts` (FRAPPE_SANDBOX_PORT, default 4200;
 * APP_URL for the embed iframe; FRAPPE_SANDBOX_WEBHOOK_URL, default ${APP_URL}/api/webhooks/frappe).
 * Tests call startFakeFrappe({ port: 0 }).
 */
export interface StartFakeFrappeOptions extends Partial<FakeFrappeOptions> {
  port?: number;
  host?: string;
  fetch?: typeof fetch;
}

export interface RunningFakeFrappe {
  server: Server;
  url: string;
  port: number;
  store: FakeFrappeStore;
  sender: FrappeWebhookSender;
  /** "503": answers 503 to every API call; "refuse": stops listening (connection refused). */
  goDown(mode?: "503" | "refuse"): Promise<void>;
  comeUp(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeFrappe(options: StartFakeFrappeOptions = {}): Promise<RunningFakeFrappe> {
  const { port = 0, host = "127.0.0.1", fetch: fetchImpl, ...overrides } = options;
  const store = new FakeFrappeStore(defaultFakeFrappeOptions(overrides));
  const sender = new FrappeWebhookSender(store, fetchImpl);
  let listening = false;
  let actualPort = port;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(actualPort, host, () => {
        server.off("error", reject);
        listening = true;
        actualPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const hooks = {
    async down(mode: "503" | "refuse") {
      store.down = mode;
      // Let the control response flush before the listener goes away.
      if (mode === "refuse") setImmediate(() => void stopListening());
    },
    async up() {
      store.down = false;
      if (!listening) await listen();
    },
  };

  const who = (req: IncomingMessage) => resolveUser(req, store);
  const routes = [...oauthRoutes(store), ...methodRoutes(store, who), ...resourceRoutes(store, who), ...controlRoutes(store, sender, hooks), ...pageRoutes(store)];

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { exc_type: "Exception" });
      else res.destroy();
      console.error("[frappe-sandbox] request failed", err);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://frappe.local");
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (path === "/health" && method === "GET") return sendJson(res, 200, { status: store.down ? "down" : "ok" });
    const isControl = path.startsWith("/control/");
    if (!isControl) {
      res.once("finish", () => {
        store.requestLog.push({ method, path: decodeURIComponent(path), status: res.statusCode, user: String(req.headers.authorization ? "auth" : "guest") });
      });
      if (store.options.latencyMs > 0) await new Promise((r) => setTimeout(r, store.options.latencyMs));
      if (store.down) return sendDown(res);
    }
    const fault = isControl ? undefined : takeFault(store.faults, method, path);
    if (fault && !fault.afterCommit) return sendFault(res, fault);
    if (fault?.afterCommit) interceptWith(res, () => sendFault(res, fault));

    const match = matchRoute(routes, method, path);
    if (match === null || match === "method") {
      if (path.startsWith("/api/")) return sendFrappeError(res, new FakeFrappeError(404, "DoesNotExistError", "Not found"));
      return sendJson(res, match === "method" ? 405 : 404, { error: `${method} ${path}` });
    }
    const ctx = makeContext(req, res, url, match.params);
    try {
      await match.route.handler(ctx);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (err instanceof FakeFrappeError) return sendFrappeError(res, err);
      if (err instanceof ZodError) return sendJson(res, 400, { error: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { exc_type: "RequestEntityTooLarge" });
      if (err instanceof SyntaxError) return sendFrappeError(res, new FakeFrappeError(417, "ValidationError", "Invalid JSON"));
      throw err;
    }
  }

  await listen();
  const url = `http://${host}:${actualPort}`;
  if (!overrides.publicUrl) {
    store.options.publicUrl = url;
    (store.initialOptions as FakeFrappeOptions).publicUrl = url;
  }
  return {
    server,
    url,
    get port() {
      return actualPort;
    },
    store,
    sender,
    goDown: (mode = "503") => hooks.down(mode).then(() => (mode === "refuse" ? stopListening() : undefined)),
    comeUp: () => hooks.up(),
    reset: () => {
      store.reset();
      sender.deliveries = [];
    },
    close: async () => {
      sender.close();
      await sender.idle();
      await stopListening();
    },
  };
}

function takeFault(faults: Fault[], method: string, path: string): Fault | undefined {
  const decoded = decodeURIComponent(path);
  const f = faults.find((x) => x.remaining > 0 && (!x.method || x.method.toUpperCase() === method) && (!x.pathIncludes || decoded.includes(x.pathIncludes)));
  if (!f) return undefined;
  f.remaining--;
  return f;
}

/** What each injected status looks like on the wire. */
function sendFault(res: ServerResponse, f: Fault): void {
  if (f.status === 429) {
    // frappe/rate_limiter.py: plain text, X-RateLimit-* headers, Retry-After when rejected.
    const retry = String(f.retryAfterSec ?? 1);
    res.writeHead(429, { "content-type": "text/plain; charset=utf-8", "retry-after": retry, "x-ratelimit-limit": "1000000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": retry });
    res.end("Too Many Requests");
    return;
  }
  if (f.status === 502 || f.status === 504) {
    // nginx in front of a dead or slow gunicorn.
    const text = `<html><head><title>${f.status} ${f.status === 502 ? "Bad Gateway" : "Gateway Time-out"}</title></head><body><center><h1>${f.status}</h1></center><hr><center>nginx</center></body></html>`;
    res.writeHead(f.status, { "content-type": "text/html" });
    res.end(text);
    return;
  }
  if (f.status === 503) return sendDown(res, f.retryAfterSec);
  if (f.status >= 500) {
    const text = JSON.stringify({ exc_type: f.status === 508 ? "QueryDeadlockError" : "OperationalError", exception: "pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')" });
    res.writeHead(f.status, { "content-type": "application/json" });
    res.end(text);
    return;
  }
  sendFrappeError(res, new FakeFrappeError(f.status, "ValidationError", `Injected ${f.status}`));
}

/** Maintenance mode / workers down: SessionStopped is a 503. */
function sendDown(res: ServerResponse, retryAfterSec?: number): void {
  const text = JSON.stringify({ exc_type: "SessionStopped", _server_messages: serverMessages([{ message: "Session Stopped", title: "Server Error" }]) });
  res.writeHead(503, { "content-type": "application/json", ...(retryAfterSec !== undefined ? { "retry-after": String(retryAfterSec) } : {}) });
  res.end(text);
}

/** Lets the handler run (and commit) but replaces whatever it answers with `replacement`. */
function interceptWith(res: ServerResponse, replacement: () => void): void {
  const writeHead = res.writeHead.bind(res);
  const end = res.end.bind(res);
  let done = false;
  res.writeHead = ((..._args: unknown[]) => res) as ServerResponse["writeHead"];
  res.end = ((..._args: unknown[]) => {
    if (done) return res;
    done = true;
    res.writeHead = writeHead;
    res.end = end;
    replacement();
    return res;
  }) as ServerResponse["end"];
}

/** Options for the standalone process, from the same environment the app reads. */
export function fakeFrappeOptionsFromEnv(source: Record<string, string | undefined> = process.env): StartFakeFrappeOptions {
  const c = parseCrmConfig({ ...source, FRAPPE_URL: undefined });
  const appUrl = (source.APP_URL ?? `http://localhost:${source.PORT ?? 3000}`).replace(/\/+$/, "");
  return {
    port: c.sandboxPort,
    host: source.FRAPPE_SANDBOX_HOST ?? "127.0.0.1",
    appUrl,
    timeZone: c.timeZone,
    webhookUrl: source.FRAPPE_SANDBOX_WEBHOOK_URL ?? `${appUrl}/api/webhooks/frappe`,
    webhookSecret: c.webhookSecret,
    oauthRedirectUris: [`${appUrl}/api/auth/callback/frappe`, "http://localhost:3000/api/auth/callback/frappe", "http://127.0.0.1:3000/api/auth/callback/frappe"],
  };
}

async function main(): Promise<void> {
  const fake = await startFakeFrappe(fakeFrappeOptionsFromEnv());
  const o = fake.store.options;
  console.log(`[frappe-sandbox] fake Frappe CRM on ${fake.url} (webhooks → ${o.webhookUrl ?? "off"}, embeds ${o.appUrl}/embed/lead/…)`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error("[frappe-sandbox] failed to start:", err);
    process.exit(1);
  });
}
