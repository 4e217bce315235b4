import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest, verifyRequest } from "../../lib/media/signing";
import { mintMediaToken } from "../../lib/media/token";

/**
 * Runs the real media-server process (tsx, real mediasoup 3.8.4 workers) with 2 workers and an
 * in-test HTTP server standing in for web's /api/media/events callback.
 */
const ROOT = path.resolve(__dirname, "../..");
const SECRET = "media-test-secret-0123456789abcdefghijkl";

interface Received {
  path: string;
  signature: string | undefined;
  raw: string;
}

let server: ChildProcess;
let baseUrl: string;
let exited: Promise<number | null>;
const logLines: string[] = [];
let callback: http.Server;
const received: Received[] = [];
const waiters: Array<() => void> = [];

/** Resolves when a predicate over the callback requests holds (woken by each new request). */
function waitForCallback(pred: (r: Received) => boolean, timeoutMs = 15_000): Promise<Received> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no matching callback request in time")), timeoutMs);
    const check = () => {
      const hit = received.find(pred);
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
        return true;
      }
      return false;
    };
    if (!check()) waiters.push(() => void check());
  });
}

/** Polls until fn() returns a truthy value, with a deadline (the condition is the synchronisation). */
async function pollUntil<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Health {
  status: string;
  pid: number;
  workers: { pid: number; slot: number }[];
  workerCount: number;
  load: number[];
  rooms: number;
}
const getHealth = async (): Promise<Health> => (await fetch(`${baseUrl}/health`)).json() as Promise<Health>;

function control(pathname: string, body: unknown, signature?: string): Promise<Response> {
  const raw = JSON.stringify(body);
  return fetch(`${baseUrl}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature !== undefined ? { "x-media-signature": signature } : {}) },
    body: raw,
  });
}

function openSocket(auth: Record<string, unknown> | undefined): Promise<{ socket: Socket; error?: Error }> {
  const socket = connect(baseUrl, { path: "/socket.io", auth, transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10_000 });
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

const claims = { userId: "user-1", workspaceId: "ws-1", role: "agent" as const, callId: "call-9" };

beforeAll(async () => {
  callback = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", signature: req.headers["x-media-signature"] as string | undefined, raw: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => callback.listen(0, "127.0.0.1", r));
  const callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;

  server = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["media-server/src/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      MEDIA_PORT: "0",
      MEDIA_HOST: "127.0.0.1",
      MEDIA_SERVER_SECRET: SECRET,
      MEDIA_WORKERS: "2",
      WEB_CALLBACK_URL: callbackUrl,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  exited = new Promise((resolve) => server.once("exit", (code) => resolve(code)));
  server.stderr!.on("data", (d: Buffer) => logLines.push(d.toString()));
  // The process logs `media-server listening` with the port it bound (MEDIA_PORT=0).
  const port = await new Promise<number>((resolve, reject) => {
    const rl = readline.createInterface({ input: server.stdout! });
    rl.on("line", (line) => {
      logLines.push(line);
      if (line.includes('"media-server listening"')) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then((code) => reject(new Error(`media-server exited early (${code}):\n${logLines.join("\n")}`)));
  });
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill("SIGKILL");
    await exited;
  }
  await new Promise<void>((r) => callback.close(() => r()));
});

describe("media-server process", () => {
  it("reports its 2 workers with pids on /health, and no secrets", async () => {
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as Health;
    expect(h).toMatchObject({ status: "ok", workerCount: 2, rooms: 0 });
    expect(h.pid).toBe(h.pid | 0);
    expect(h.workers.map((w) => w.slot).sort()).toEqual([0, 1]);
    for (const w of h.workers) expect(() => process.kill(w.pid, 0)).not.toThrow();
    expect(h.load).toHaveLength(3);
    expect(JSON.stringify(h)).not.toContain(SECRET);
  });

  it("refuses unsigned, wrongly signed and stale control calls with 401, accepts a signed one", async () => {
    const body = {};
    const raw = JSON.stringify(body);

    const unsigned = await control("/control/ping", body);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");

    const wrongSecret = await control("/control/ping", body, signRequest(raw, "not-the-secret-0123456789abcdefghijklm"));
    expect(wrongSecret.status).toBe(401);

    const otherBody = await control("/control/ping", body, signRequest('{"x":1}', SECRET));
    expect(otherBody.status).toBe(401);

    const stale = await control("/control/ping", body, signRequest(raw, SECRET, Math.floor(Date.now() / 1000) - 301));
    expect(stale.status).toBe(401);

    const unknownUnsigned = await control("/control/nope", body);
    expect(unknownUnsigned.status).toBe(401);

    const ok = await control("/control/ping", body, signRequest(raw, SECRET));
    expect(ok.status).toBe(200);
    const health = await getHealth();
    expect(await ok.json()).toEqual({ ok: true, pid: health.pid });
  });

  it("answers worker-stats, rejects malformed JSON, unknown fields and unknown endpoints when signed", async () => {
    const stats = await control("/control/worker-stats", {}, signRequest("{}", SECRET));
    expect(stats.status).toBe(200);
    const s = (await stats.json()) as { workers: { pid: number; usage: { ru_maxrss: number } }[] };
    expect(s.workers).toHaveLength(2);
    expect(s.workers[0].usage.ru_maxrss).toBeGreaterThan(0);

    const malformed = "{not json";
    const bad = await fetch(`${baseUrl}/control/ping`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-media-signature": signRequest(malformed, SECRET) },
      body: malformed,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("INVALID_INPUT");

    const extra = await control("/control/ping", { surprise: 1 }, signRequest('{"surprise":1}', SECRET));
    expect(extra.status).toBe(400);

    const missing = await control("/control/nope", {}, signRequest("{}", SECRET));
    expect(missing.status).toBe(404);

    const big = "x".repeat(300 * 1024);
    const tooLarge = await fetch(`${baseUrl}/control/ping`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-media-signature": signRequest(big, SECRET) },
      body: big,
    });
    expect(tooLarge.status).toBe(413);
  });

  it("refuses sockets without a token, with a bad token and with an expired token", async () => {
    const none = await openSocket(undefined);
    expect(none.error?.message).toMatch(/UNAUTHENTICATED: missing auth.token/);
    expect(none.socket.connected).toBe(false);
    none.socket.close();

    const forged = mintMediaToken(claims, "wrong-secret-0123456789abcdefghijklmnop").token;
    const bad = await openSocket({ token: forged });
    expect(bad.error?.message).toMatch(/UNAUTHENTICATED: token invalid/);
    bad.socket.close();

    const expired = mintMediaToken({ ...claims, ttlSec: 60, nowSec: Math.floor(Date.now() / 1000) - 120 }, SECRET).token;
    const old = await openSocket({ token: expired });
    expect(old.error?.message).toMatch(/UNAUTHENTICATED: token expired/);
    old.socket.close();
  });

  it("accepts a valid token and answers whoami with the claims; unknown requests get an error ack", async () => {
    const { token } = mintMediaToken(claims, SECRET);
    const { socket, error } = await openSocket({ token });
    expect(error).toBeUndefined();
    try {
      const res = await socket.timeout(5_000).emitWithAck("whoami", {});
      expect(res).toEqual({ ok: true, data: { userId: "user-1", workspaceId: "ws-1", role: "agent", callId: "call-9" } });
      expect(JSON.stringify(res)).not.toContain("jti");

      const invalid = await socket.timeout(5_000).emitWithAck("whoami", { extra: true });
      expect(invalid).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });

      const unknown = await socket.timeout(5_000).emitWithAck("joinEverything", {});
      expect(unknown).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    } finally {
      socket.close();
    }
  });

  it("replaces a killed worker in the same slot and reports media.worker_died to web, signed", async () => {
    const before = await getHealth();
    const victim = before.workers.find((w) => w.slot === 1)!;

    process.kill(victim.pid, "SIGKILL");

    const event = await waitForCallback((r) => r.raw.includes('"media.worker_died"'));
    expect(event.path).toBe("/api/media/events");
    expect(verifyRequest(event.signature, event.raw, SECRET)).toMatchObject({ ok: true });
    expect(verifyRequest(event.signature, event.raw, "some-other-secret-0123456789abcdefgh").ok).toBe(false);
    const body = JSON.parse(event.raw) as { type: string; pid: number; slot: number; at: string };
    expect(body).toMatchObject({ type: "media.worker_died", pid: victim.pid, slot: 1 });
    expect(Number.isNaN(Date.parse(body.at))).toBe(false);

    const after = await pollUntil(async () => {
      const h = await getHealth();
      const slot1 = h.workers.find((w) => w.slot === 1);
      return h.workerCount === 2 && slot1 && slot1.pid !== victim.pid ? h : undefined;
    });
    expect(after.status).toBe("ok");
    const replacement = after.workers.find((w) => w.slot === 1)!;
    expect(() => process.kill(replacement.pid, 0)).not.toThrow();
    // The other worker was untouched.
    expect(after.workers.find((w) => w.slot === 0)!.pid).toBe(before.workers.find((w) => w.slot === 0)!.pid);

    const stats = await control("/control/worker-stats", {}, signRequest("{}", SECRET));
    expect(((await stats.json()) as { workers: unknown[] }).workers).toHaveLength(2);
  });

  it("shuts down on SIGTERM with exit code 0, closing open sockets and its workers", async () => {
    const { workers } = await getHealth();
    const { socket, error } = await openSocket({ token: mintMediaToken(claims, SECRET).token });
    expect(error).toBeUndefined();
    const disconnected = new Promise<string>((r) => socket.once("disconnect", (reason) => r(reason)));

    server.kill("SIGTERM");

    expect(await exited).toBe(0);
    expect(await disconnected).toBeTruthy();
    socket.close();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await pollUntil(async () => workers.every((w) => !alive(w.pid)));
  });
});
