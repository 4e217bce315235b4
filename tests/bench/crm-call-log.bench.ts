/**
 * Call end → complete CRM Call Log benchmark.
 *
 *   npx tsx --conditions=react-server tests/bench/crm-call-log.bench.ts [n=100]
 *   BENCH_DB=postgres DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx --conditions=react-server tests/bench/crm-call-log.bench.ts
 *
 * Through the real code paths, in one process: the fake Frappe CRM (lib/sandbox/frappe, sandbox
 * mode: FRAPPE_URL unset → FRAPPE_SANDBOX_PORT), a migrated test database (tests/helpers/test-db.ts),
 * the real job runner (startJobRunner with the web runner's settings, JOBS_CONCURRENCY /
 * JOBS_POLL_MS, default 8 / 500 ms, kept on globalThis so enqueues poke it as in the web process).
 *
 * Setup: a workspace, an agent mapped to the fake's agent@example.com, one CRM Lead per call created
 * over the fake's REST API with the integration credentials, a linked contact per lead
 * (crmDoctype/crmName) and an `in_progress` call per contact whose "In Progress" CRM Call Log is
 * synced first (as the call engine does on answer), so the measured sync is the end-of-call update.
 *
 * Measured, per call: t0 just before the call is marked ended in the DB (status completed, endedAt,
 * durationSec) and enqueueCallLogSync({ callId }) is called (what publishCallChange does on every
 * status change); done when the fake's store holds that call's CRM Call Log with status Completed
 * and the call's duration (a listener on the fake's in-process store, so no polling).
 * 1. sequential: 20 calls one after another: p50/p95/max.
 * 2. concurrent: n calls, BENCH_CONCURRENCY (default 10) ends in flight: p50/p95/max and logs/s.
 * Not part of the test suite (`--conditions=react-server` lets `server-only` imports load in tsx).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const N = Number(process.argv[2] ?? 100);
const SEQ = 20;
const WARM = 10;
const IN_FLIGHT = Number(process.env.BENCH_CONCURRENCY ?? 10);
const TIMEOUT_MS = 30_000;

process.env.LOG_LEVEL ??= "silent";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "crm-call-log-bench-"));
process.env.TEST_DB = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";

// Sandbox mode: lib/crm/config.ts reads FRAPPE_SANDBOX_PORT when FRAPPE_URL is unset (parsed once,
// lazily, so it only has to be set before the first CRM call).
const { startFakeFrappe } = await import("@/lib/sandbox/frappe/server");
const frappe = await startFakeFrappe({ port: 0 });
process.env.FRAPPE_SANDBOX_PORT = String(frappe.port);
for (const k of ["FRAPPE_URL", "FRAPPE_API_KEY", "FRAPPE_API_SECRET", "FRAPPE_WEBHOOK_SECRET"]) delete process.env[k];
const { FRAPPE_SANDBOX_DEFAULTS, crmConfig } = await import("@/lib/crm/config");
const { createTestDb } = await import("../helpers/test-db");
const { enqueueCallLogSync } = await import("@/lib/crm/enqueue-crm-sync");
const { startJobRunner } = await import("@/lib/jobs/runner");
const { env } = await import("@/lib/core/env");
const { createEventBus, setEventBus } = await import("@/lib/events/bus");

if (!crmConfig().sandboxMode || crmConfig().baseUrl !== frappe.url) throw new Error(`CRM config points at ${crmConfig().baseUrl}, not the fake on ${frappe.url}`);

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (n: number) => n.toFixed(1);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const stats = (xs: number[]) => `p50 ${f(pct(xs, 50))} ms, p95 ${f(pct(xs, 95))} ms, max ${f(Math.max(...xs))} ms`;

// Completion detection: the fake's store emits every insert/update made through its REST API.
type Doc = Record<string, unknown>;
const waiters = new Map<string, { test: (d: Doc) => boolean; resolve: () => void }>();
frappe.store.listeners.push((c) => {
  if (c.doctype !== "CRM Call Log") return;
  const w = waiters.get(String(c.doc.name));
  if (w && w.test(c.doc)) {
    waiters.delete(String(c.doc.name));
    w.resolve();
  }
});
function waitForLog(callId: string, test: (d: Doc) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(callId);
      reject(new Error(`no matching CRM Call Log for ${callId} after ${TIMEOUT_MS} ms: ${JSON.stringify(frappe.store.table("CRM Call Log").get(callId) ?? null)}`));
    }, TIMEOUT_MS);
    waiters.set(callId, {
      test,
      resolve: () => {
        clearTimeout(timer);
        resolve();
      },
    });
    const existing = frappe.store.table("CRM Call Log").get(callId);
    if (existing && test(existing)) {
      waiters.delete(callId);
      clearTimeout(timer);
      resolve();
    }
  });
}

async function pool<T>(items: T[], width: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

// ---- Setup ----
const t = await createTestDb();
const bus = createEventBus();
setEventBus(bus);
const db = t.db;
const ws = await db.workspace.create({ data: { name: "Bench", slug: "bench" } });
const agent = await db.user.create({ data: { workspaceId: ws.id, email: "asha@bench.test", name: "Asha", role: "agent", presence: "online", frappeUser: "agent@example.com" } });
const phone = await db.phoneNumber.create({ data: { workspaceId: ws.id, phoneNumberId: "100000000000001", displayPhone: "+15550001234" } });

const TOTAL = WARM + SEQ + N;
const auth = `token ${FRAPPE_SANDBOX_DEFAULTS.apiKey}:${FRAPPE_SANDBOX_DEFAULTS.apiSecret}`;
const s0 = performance.now();
const calls: { id: string; durationSec: number }[] = [];
for (let i = 0; i < TOTAL; i++) {
  const digits = `9199${String(10_000_000 + i).padStart(8, "0")}`;
  const res = await fetch(`${frappe.url}/api/resource/${encodeURIComponent("CRM Lead")}`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ first_name: "Bench", last_name: `Lead ${i}`, mobile_no: `+${digits}`, source: "Website", lead_owner: "agent@example.com" }),
  });
  const body = (await res.json()) as { data?: { name: string } };
  if (res.status !== 200 || !body.data?.name) throw new Error(`creating a CRM Lead answered ${res.status}: ${JSON.stringify(body)}`);
  const contact = await db.contact.create({ data: { workspaceId: ws.id, waId: digits, phone: `+${digits}`, name: `Bench Lead ${i}`, crmDoctype: "CRM Lead", crmName: body.data.name } });
  const startedAt = new Date(Date.now() - 120_000);
  const call = await db.call.create({
    data: { workspaceId: ws.id, direction: "inbound", status: "in_progress", contactId: contact.id, agentId: agent.id, phoneNumberId: phone.id, startedAt, answeredAt: new Date(startedAt.getTime() + 5_000) },
  });
  calls.push({ id: call.id, durationSec: 30 + (i % 300) });
}

// The real runner, as lib/jobs/start-web-runner.ts starts it (and pokeJobRunner finds it).
const config = env();
const g = globalThis as unknown as { __jobRunner?: ReturnType<typeof startJobRunner> };
const runner = startJobRunner({ concurrency: config.JOBS_CONCURRENCY, pollMs: config.JOBS_POLL_MS });
g.__jobRunner = runner;

// The "In Progress" logs the call engine would have written when the calls were answered.
await pool(calls, IN_FLIGHT, async (c) => {
  const done = waitForLog(c.id, (d) => d.status === "In Progress");
  await enqueueCallLogSync({ callId: c.id });
  await done;
});
// Let the periodic jobs the runner schedules at start (events.cleanup, crm.reconcile) finish first.
for (let i = 0; ; i++) {
  const busy = await db.job.count({ where: { status: { in: ["queued", "running", "failed"] } } });
  if (busy === 0) break;
  if (i > 600) throw new Error(`${busy} jobs still pending before the measurement`);
  await new Promise((r) => setTimeout(r, 50));
}
const setupS = (performance.now() - s0) / 1000;

/** One call end, measured: DB update (the call engine's commit) + enqueue → complete CRM log. */
async function endCall(c: { id: string; durationSec: number }): Promise<{ total: number; enqueue: number }> {
  const done = waitForLog(c.id, (d) => d.status === "Completed" && Number(d.duration) === c.durationSec && Boolean(d.end_time));
  const t0 = performance.now();
  await db.call.update({ where: { id: c.id }, data: { status: "completed", endReason: "hangup", endedAt: new Date(), durationSec: c.durationSec } });
  const job = await enqueueCallLogSync({ callId: c.id });
  const enqueued = performance.now();
  if (!job?.created) throw new Error(`call ${c.id}: the end sync job was not created`);
  await done;
  return { total: performance.now() - t0, enqueue: enqueued - t0 };
}

const warm = calls.slice(0, WARM);
const seq = calls.slice(WARM, WARM + SEQ);
const conc = calls.slice(WARM + SEQ);
for (const c of warm) await endCall(c);

console.log(
  `\n== CRM Call Log on call end (${t.kind}), one process, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)} at start; runner concurrency ${config.JOBS_CONCURRENCY}, poll ${config.JOBS_POLL_MS} ms; setup ${f(setupS)} s ==`,
);

// 1. Sequential.
{
  const total: number[] = [];
  const enq: number[] = [];
  for (const c of seq) {
    const r = await endCall(c);
    total.push(r.total);
    enq.push(r.enqueue);
  }
  console.log(`1 sequential, ${SEQ} calls one at a time: call end → complete CRM log ${stats(total)}  (end + enqueue part: p50 ${f(pct(enq, 50))} ms)`);
}

// 2. Concurrent.
{
  const total: number[] = [];
  const enq: number[] = [];
  const c0 = cpuMs();
  const started = performance.now();
  await pool(conc, IN_FLIGHT, async (c) => {
    const r = await endCall(c);
    total.push(r.total);
    enq.push(r.enqueue);
  });
  const s = (performance.now() - started) / 1000;
  console.log(
    `2 concurrent, ${N} calls, ${IN_FLIGHT} in flight: call end → complete CRM log ${stats(total)}; throughput ${f(N / s)} logs/s (${N} in ${f(s)} s); end + enqueue part p50 ${f(pct(enq, 50))} ms; CPU ${((cpuMs() - c0) / N).toFixed(2)} ms/log`,
  );
}

await runner.stop();
g.__jobRunner = undefined;

// Checks: every call has exactly one complete, linked log; no job failed or was retried.
const logs = frappe.store.table("CRM Call Log");
const contacts = new Map((await db.call.findMany({ where: { workspaceId: ws.id }, select: { id: true, contact: { select: { crmName: true } } } })).map((c) => [c.id, c.contact.crmName]));
const bad = calls.filter((c) => {
  const d = logs.get(c.id);
  return !d || d.status !== "Completed" || Number(d.duration) !== c.durationSec || d.reference_doctype !== "CRM Lead" || d.reference_docname !== contacts.get(c.id) || d.receiver !== "agent@example.com";
});
const jobs = await db.job.groupBy({ by: ["name", "status"], _count: { _all: true }, _max: { attempts: true } });
const retried = await db.job.count({ where: { attempts: { gt: 1 } } });
console.log(
  `  check: ${logs.size} CRM Call Logs for ${calls.length} calls, ${bad.length} incomplete or mislinked; jobs ${jobs.map((j) => `${j.name}/${j.status}=${j._count._all}`).join(", ")}; retried ${retried}`,
);

await frappe.close();
setEventBus(undefined);
await bus.close();
await t.close();
fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
if (bad.length > 0) process.exitCode = 1;
