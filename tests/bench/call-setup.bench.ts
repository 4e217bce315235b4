/**
 * Call setup latency (issue 4, "Measure and report"): `connect` webhook received → `pre_accept`
 * sent, p50/p95 (goal p95 < 150 ms).
 *
 *   npx tsx --conditions=react-server tests/bench/call-setup.bench.ts [calls=50]
 *
 * Everything real and over HTTP: the sandbox plays Meta (the simulated user places each call; the
 * signed `connect` webhook carries a Meta-shaped offer), the app's own webhook route and job runner
 * (poked on enqueue, as in production), a real media-server process building the WhatsApp leg
 * (werift answer, ICE gathering), and the Graph `pre_accept` to the sandbox. Measured per call from
 * the app's WebhookDelivery.receivedAt to the sandbox's preAcceptedAt (same machine clock). Calls
 * run one after another; no agent is online, so each call is then abandoned (which is not measured).
 * Not part of the test suite.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const N = Number(process.argv[2] ?? 50);
const SECRET = "bench-call-secret";
const MEDIA_SECRET = "bench-call-media-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "silent";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "wa-call-bench-"));
process.env.MEDIA_SERVER_SECRET = MEDIA_SECRET;
process.env.TEST_DB = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
(globalThis as unknown as { __dirname: string }).__dirname = path.resolve(import.meta.dirname, "../helpers");
const ROOT = path.resolve(import.meta.dirname, "../..");
const { resetEnv } = await import("@/lib/core/env");
const { createTestDb } = await import("../helpers/test-db");
const { startHttpApp } = await import("../helpers/http-app");
const { seedWorkspace } = await import("../helpers/factories");
const { startJobRunner } = await import("@/lib/jobs/runner");
const { createEventBus, setEventBus } = await import("@/lib/events/bus");
const { startSandbox } = await import("@/lib/sandbox/server");
const { SANDBOX_DEFAULTS, resetWhatsAppConfig } = await import("@/lib/whatsapp/config");

resetEnv();
const t = await createTestDb();
const bus = createEventBus();
setEventBus(bus);
const app = await startHttpApp();
const sandbox = await startSandbox({ port: 0, appSecret: SECRET, webhookUrl: `${app.url}/api/webhooks/whatsapp` });
delete process.env.WHATSAPP_ACCESS_TOKEN;
process.env.WHATSAPP_GRAPH_URL = `${sandbox.url}/graph`;
process.env.WHATSAPP_APP_SECRET = SECRET;
process.env.WHATSAPP_PHONE_NUMBER_ID = SANDBOX_DEFAULTS.phoneNumberId;
resetWhatsAppConfig();

const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["media-server/src/index.ts"], {
  cwd: ROOT,
  env: { ...process.env, NODE_ENV: "test", MEDIA_PORT: "0", MEDIA_HOST: "127.0.0.1", MEDIA_WORKERS: "1", WEB_CALLBACK_URL: app.url, LOG_LEVEL: "info" },
  stdio: ["ignore", "pipe", "ignore"],
});
const port = await new Promise<number>((resolve) =>
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.includes('"media-server listening"')) resolve((JSON.parse(line) as { port: number }).port);
  }),
);
process.env.MEDIA_SERVER_URL = `http://127.0.0.1:${port}`;
resetEnv();
await seedWorkspace(t.db);
const runner = startJobRunner({ pollMs: 200, concurrency: 4 });
(globalThis as unknown as { __jobRunner?: typeof runner }).__jobRunner = runner;

async function control<T>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/control${p}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
}

const samples: number[] = [];
for (let i = 0; i < N; i++) {
  const { key } = await control<{ key: string }>("POST", "/users", { phone: `+9198200${String(i).padStart(5, "0")}`, name: `Bench ${i}` });
  const placed = await control<{ id: string }>("POST", `/users/${key}/calls`, {});
  let sim: { preAcceptedAt: string | null; state: string } = { preAcceptedAt: null, state: "" };
  for (let tries = 0; tries < 400 && !sim.preAcceptedAt; tries++) {
    await new Promise((r) => setTimeout(r, 10));
    sim = await control("GET", `/calls/${encodeURIComponent(placed.id)}`);
  }
  const delivery = await t.db.webhookDelivery.findFirst({ where: { body: { contains: placed.id } }, orderBy: { receivedAt: "asc" } });
  if (!sim.preAcceptedAt || !delivery) {
    console.error(`call ${i}: no pre_accept (state ${sim.state})`);
    continue;
  }
  samples.push(new Date(sim.preAcceptedAt).getTime() - delivery.receivedAt.getTime());
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
console.log(JSON.stringify({ bench: "call-setup: connect webhook received → pre_accept sent", calls: samples.length, p50ms: pct(50), p95ms: pct(95), maxMs: samples[samples.length - 1], db: process.env.TEST_DB }));

await runner.stop();
// tsx runs the media-server as its own child: stop that process (its pid is in /health), then tsx.
const health = (await (await fetch(`${process.env.MEDIA_SERVER_URL}/health`)).json()) as { pid: number };
process.kill(health.pid, "SIGTERM");
child.kill("SIGTERM");
await sandbox.sender.idle();
await sandbox.close();
await app.close();
setEventBus(undefined);
await bus.close();
await t.close();
process.exit(0);
