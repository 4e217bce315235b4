import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseWhatsAppConfig } from "@/lib/whatsapp/config";
import type { SandboxContext } from "./context";
import { controlRoutes } from "./control/router";
import { graphRoutes } from "./graph/router";
import { graphErrors, sendGraphError } from "./graph/errors";
import { BodyTooLargeError, makeContext, matchRoute, sendJson } from "./http";
import { SandboxStore, type TSandboxOptions, defaultSandboxOptions } from "./store";
import { WebhookSender } from "./webhook-sender";

/**
 * The WhatsApp sandbox: a faithful fake of Meta for offline use (reference §9). One HTTP server
 * hosting the fake Graph API (/graph/{version}/…), the media download host (/lookaside/…), the
 * control API (/control/…) and GET /health. State is in memory (store.ts).
 *
 * Run standalone: `npx tsx lib/sandbox/server.ts` (SANDBOX_PORT, default 4100; SANDBOX_WEBHOOK_URL,
 * default http://127.0.0.1:3000/api/webhooks/whatsapp). Tests call startSandbox({ port: 0 }).
 */
export interface StartSandboxOptions extends Partial<TSandboxOptions> {
  port?: number;
  host?: string;
  /** Used by the webhook sender (tests may inject one); defaults to global fetch. */
  fetch?: typeof fetch;
}

export interface RunningSandbox extends SandboxContext {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function createSandboxServer(sb: SandboxContext): Server {
  const routes = [...graphRoutes(sb), ...controlRoutes(sb)];
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const method = req.method ?? "GET";
    const isControl = url.pathname.startsWith("/control");
    if (isControl) {
      // The phone simulator page (served by the app on another origin) drives the control API.
      res.setHeader("access-control-allow-origin", "*");
      res.setHeader("access-control-allow-headers", "content-type");
      res.setHeader("access-control-allow-methods", "GET, POST, DELETE, OPTIONS");
      if (method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
    }
    if (url.pathname === "/health" && method === "GET") return sendJson(res, 200, { status: "ok" });

    const match = matchRoute(routes, method, url.pathname);
    if (match === null || match === "method") {
      if (url.pathname.startsWith("/graph/")) {
        const id = url.pathname.split("/")[3] ?? "";
        return sendGraphError(res, graphErrors.unsupportedRequest(method, id));
      }
      return sendJson(res, match === "method" ? 405 : 404, { error: { code: match === "method" ? "METHOD_NOT_ALLOWED" : "NOT_FOUND", message: `${method} ${url.pathname}` } });
    }
    const ctx = makeContext(req, res, url, match.params);
    Promise.resolve()
      .then(() => match.route.handler(ctx))
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: { code: "PAYLOAD_TOO_LARGE", message: err.message } });
        console.error("[sandbox] handler failed", err);
        sendJson(res, 500, { error: { message: "(#131000) Something went wrong", type: "OAuthException", code: 131000 } });
      });
  });
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const { port = 0, host = "127.0.0.1", fetch: fetchImpl, ...overrides } = options;
  const store = new SandboxStore(defaultSandboxOptions(overrides));
  const sender = new WebhookSender(store, fetchImpl);
  const sb: SandboxContext = { store, sender };
  const server = createSandboxServer(sb);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}`;
  if (!overrides.publicUrl) {
    store.options.publicUrl = url;
    (store.initialOptions as TSandboxOptions).publicUrl = url;
  }
  return {
    ...sb,
    server,
    url,
    port: actualPort,
    close: async () => {
      store.calls.reset();
      sender.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Options for the standalone process, from the same environment the app reads. */
export function sandboxOptionsFromEnv(source: Record<string, string | undefined> = process.env): StartSandboxOptions {
  const c = parseWhatsAppConfig({ ...source, WHATSAPP_ACCESS_TOKEN: undefined });
  return {
    port: c.sandboxPort,
    host: source.SANDBOX_HOST ?? "127.0.0.1",
    publicUrl: c.sandboxUrl,
    webhookUrl: c.sandboxWebhookUrl,
    appSecret: c.appSecret,
    verifyToken: c.verifyToken,
    phoneNumberId: c.phoneNumberId,
    wabaId: c.wabaId,
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(sandboxOptionsFromEnv());
  const o = sandbox.store.options;
  console.log(`[sandbox] WhatsApp Cloud API sandbox on ${sandbox.url} (Graph: ${o.publicUrl}/graph, webhooks → ${o.webhookUrl})`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error("[sandbox] failed to start:", err);
    process.exit(1);
  });
}
