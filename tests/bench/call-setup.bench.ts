/**
 * Call setup latency (issue 4, "Measure and report"): `connect` webhook received → `pre_accept`
 * sent, p50/p95 (goal p95 < 150 ms), end to end and per stage.
 *
 *   npx tsx --conditions=react-server tests/bench/call-setup.bench.ts [calls=50]
 *   BENCH_DB=postgres DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx --conditions=react-server tests/bench/call-setup.bench.ts
 *
 * Everything real and over HTTP: the sandbox plays Meta (the simulated user places each call; the
 * signed `connect` webhook carries a Meta-shaped offer), the app's own webhook route and job runner
 * (poked on enqueue, as in production), a real media-server process building the WhatsApp leg
 * (werift answer, ICE gathering), the Graph `pre_accept` to the sandbox, and the fake Frappe CRM the
 * call's CRM jobs talk to. End to end is measured per call from the app's WebhookDelivery.receivedAt
 * to the sandbox's preAcceptedAt (same machine clock). Calls run one after another; no agent is
 * online, so each call is then abandoned (not measured, but its work competes with the next call).
 *
 * Stages come from the bench's own observation points, not from product code: the job handler is
 * wrapped (job start), and this process's fetch is wrapped (the app's media-server create-leg call
 * and its Graph pre_accept call). A stage is "from the previous point to this one", so the stages
 * add up to the total; `sent` is the sum of the app's stages (until the Graph request is made).
 * The sandbox shares this process, so what runs here after the request (routing, publishing) can
 * delay the sandbox recording it; Meta would not wait for that. Not part of the test suite.
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

// Observation points (epoch ms), installed before the app makes any request.
const jobStartByDelivery = new Map<string, number>();
const legByCallId = new Map<string, { start: number; end?: number }>();
const preAcceptByMetaId = new Map<string, { start: number; end?: number }>();
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  let mark: { start: number; end?: number } | undefined;
  if (typeof init?.body === "string") {
    if (url.endsWith("/control/calls/inbound")) {
      mark = { start: Date.now() };
      legByCallId.set((JSON.parse(init.body) as { callId: string }).callId, mark);
    } else if (/\/graph\/.*\/calls$/.test(url)) {
      const b = JSON.parse(init.body) as { action?: string; call_id?: string };
      if (b.action === "pre_accept" && b.call_id) preAcceptByMetaId.set(b.call_id, (mark = { start: Date.now() }));
    }
  }
  const res = await realFetch(input, init);
  if (mark) mark.end = Date.now();
  return res;
};

const { resetEnv } = await import("@/lib/core/env");
const { createTestDb } = await import("../helpers/test-db");
const { startHttpApp } = await import("../helpers/http-app");
const { seedWorkspace } = await import("../helpers/factories");
const { startJobRunner } = await import("@/lib/jobs/runner");
const { whatsappProcessDeliveryJob } = await import("@/lib/jobs/definitions/whatsapp-process-delivery");
const { createEventBus, setEventBus } = await import("@/lib/events/bus");
const { startSandbox } = await import("@/lib/sandbox/server");
const { startFakeFrappe } = await import("@/lib/sandbox/frappe/server");
const { SANDBOX_DEFAULTS, resetWhatsAppConfig } = await import("@/lib/whatsapp/config");

const loadHandler = whatsappProcessDeliveryJob.handler;
whatsappProcessDeliveryJob.handler = async () => {
  const { default: handler } = await loadHandler();
  return {
    default: (payload, ctx) => {
      if (!jobStartByDelivery.has(payload.deliveryId)) jobStartByDelivery.set(payload.deliveryId, Date.now());
      return handler(payload, ctx);
    },
  };
};

const frappe = await startFakeFrappe({ port: 0 });
process.env.FRAPPE_SANDBOX_PORT = String(frappe.port);
delete process.env.FRAPPE_URL;
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

const STAGES = ["pickup", "processing", "createLeg", "legToPreAccept", "sent", "preAccept", "total"] as const;
const STAGE_TEXT: Record<(typeof STAGES)[number], string> = {
  pickup: "webhook stored → job started",
  processing: "job started → create-leg request (parse, DB transaction, …)",
  createLeg: "media-server create-leg round trip (room, bridge, werift answer, ICE gathering)",
  legToPreAccept: "create-leg answered → Graph pre_accept request",
  sent: "= webhook stored → Graph pre_accept request made (the app's part)",
  preAccept: "Graph pre_accept request → sandbox recorded it (same process: waits for this event loop)",
  total: "connect webhook received → pre_accept recorded by the sandbox (end to end)",
};
const samples = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<(typeof STAGES)[number], number[]>;
let lost = 0;

for (let i = 0; i < N; i++) {
  const { key } = await control<{ key: string }>("POST", "/users", { phone: `+9198200${String(i).padStart(5, "0")}`, name: `Bench ${i}` });
  const placed = await control<{ id: string }>("POST", `/users/${key}/calls`, {});
  let sim: { preAcceptedAt: string | null; state: string } = { preAcceptedAt: null, state: "" };
  for (let tries = 0; tries < 1000 && !sim.preAcceptedAt; tries++) {
    await new Promise((r) => setTimeout(r, 5));
    sim = await control("GET", `/calls/${encodeURIComponent(placed.id)}`);
  }
  // Meta's JSON escapes "/" (lib/sandbox/meta-json.ts) and call ids are base64: match on the call row.
  const call = await t.db.call.findUnique({ where: { metaCallId: placed.id }, select: { id: true } });
  const deliveries = await t.db.webhookDelivery.findMany({ where: { id: { in: [...jobStartByDelivery.keys()] } }, select: { id: true, body: true, receivedAt: true } });
  const delivery = deliveries.find((d) => (JSON.parse(d.body) as { entry: { changes: { value: { calls?: { id: string; event: string }[] } }[] }[] }).entry.some((e) => e.changes.some((c) => c.value.calls?.some((x) => x.id === placed.id && x.event === "connect"))));
  const leg = call ? legByCallId.get(call.id) : undefined;
  const pre = preAcceptByMetaId.get(placed.id);
  if (!sim.preAcceptedAt || !delivery || !leg?.end || !pre) {
    lost++;
    console.error(`call ${i}: not measured (sandbox state ${sim.state}, preAcceptedAt ${sim.preAcceptedAt ?? "none"}, delivery ${delivery ? "found" : "missing"})`);
    continue;
  }
  const received = delivery.receivedAt.getTime();
  const jobStart = jobStartByDelivery.get(delivery.id)!;
  const preAcceptedAt = new Date(sim.preAcceptedAt).getTime();
  samples.pickup.push(jobStart - received);
  samples.processing.push(leg.start - jobStart);
  samples.createLeg.push(leg.end - leg.start);
  samples.legToPreAccept.push(pre.start - leg.end);
  samples.sent.push(pre.start - received);
  samples.preAccept.push(preAcceptedAt - pre.start);
  samples.total.push(preAcceptedAt - received);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
console.log(`\ncall setup, ${samples.total.length} calls (${lost} not measured), db ${process.env.TEST_DB}`);
console.log("stage            p50   p95   max  (ms)");
for (const s of STAGES) {
  const xs = samples[s];
  console.log(`${s.padEnd(15)} ${String(pct(xs, 50)).padStart(5)} ${String(pct(xs, 95)).padStart(5)} ${String(Math.max(...xs)).padStart(5)}  ${STAGE_TEXT[s]}`);
}
console.log(
  JSON.stringify({
    bench: "call-setup: connect webhook received → pre_accept sent",
    calls: samples.total.length,
    notMeasured: lost,
    p50ms: pct(samples.total, 50),
    p95ms: pct(samples.total, 95),
    maxMs: Math.max(...samples.total),
    firstCallMs: samples.total[0],
    sentP50ms: pct(samples.sent, 50),
    sentP95ms: pct(samples.sent, 95),
    stages: Object.fromEntries(STAGES.map((s) => [s, { p50: pct(samples[s], 50), p95: pct(samples[s], 95) }])),
    db: process.env.TEST_DB,
  }),
);

await runner.stop();
// tsx runs the media-server as its own child: stop that process (its pid is in /health), then tsx.
const health = (await (await fetch(`${process.env.MEDIA_SERVER_URL}/health`)).json()) as { pid: number };
process.kill(health.pid, "SIGTERM");
child.kill("SIGTERM");
await sandbox.sender.idle();
await sandbox.close();
await frappe.close();
await app.close();
setEventBus(undefined);
await bus.close();
await t.close();
process.exit(0);
