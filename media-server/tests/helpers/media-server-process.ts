import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { signRequest, verifyRequest } from "../../../lib/media/signing";

/**
 * Starts the real media-server process (tsx, real mediasoup workers) with an in-test HTTP server
 * standing in for web's signed `/api/media/events` callback. Events are kept in order; tests wait on
 * them (no sleeps).
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ReceivedEvent {
  type: string;
  callId?: string;
  [k: string]: unknown;
}

export interface MediaServerProcess {
  baseUrl: string;
  secret: string;
  pid: number;
  events: ReceivedEvent[];
  control<T = Record<string, unknown>>(pathname: string, body: unknown): Promise<{ status: number; body: T }>;
  waitForEvent(pred: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  logs: string[];
  stop(): Promise<void>;
}

export async function startMediaServer(env: Record<string, string> = {}): Promise<MediaServerProcess> {
  const secret = "media-test-secret-0123456789abcdefghijkl";
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  const callback = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const sig = req.headers["x-media-signature"] as string | undefined;
      if (req.url !== "/api/media/events" || !verifyRequest(sig, raw, secret).ok) {
        res.writeHead(401).end();
        return;
      }
      events.push(JSON.parse(raw) as ReceivedEvent);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((r) => callback.listen(0, "127.0.0.1", r));
  const callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;

  const logs: string[] = [];
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["media-server/src/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      MEDIA_PORT: "0",
      MEDIA_HOST: "127.0.0.1",
      MEDIA_SERVER_SECRET: secret,
      MEDIA_WORKERS: "1",
      WEB_CALLBACK_URL: callbackUrl,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      logs.push(line);
      if (logs.length > 2000) logs.shift();
      if (line.includes('"media-server listening"')) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then((code) => reject(new Error(`media-server exited early (${code}):\n${logs.join("\n")}`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    secret,
    pid: child.pid!,
    events,
    logs,
    async control<T>(pathname: string, body: unknown) {
      const raw = JSON.stringify(body);
      const res = await fetch(`${baseUrl}${pathname}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-media-signature": signRequest(raw, secret) },
        body: raw,
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    waitForEvent(pred, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (!hit) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching media event within ${timeoutMs} ms; got: ${events.map((e) => `${e.type}(${e.callId ?? ""})`).join(", ")}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(t);
      }
      await new Promise<void>((r) => callback.close(() => r()));
    },
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes (audio needs time to accumulate). */
export async function pollUntil<T>(fn: () => T | undefined | false | null | Promise<T | undefined | false | null>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const v = await fn();
    if (v) return v;
    last = v;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
