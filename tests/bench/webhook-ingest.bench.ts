/**
 * WhatsApp webhook ingestion and inbox API benchmark (issue 3, "Measure and report").
 *
 *   npx tsx --conditions=react-server tests/bench/webhook-ingest.bench.ts [messages=10000] [extraMessages=200000]
 *   BENCH_DB=postgres DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx --conditions=react-server tests/bench/webhook-ingest.bench.ts
 *
 * 1. Ingestion: N signed deliveries (one inbound text each, 500 customers) POSTed over real HTTP to
 *    the app's webhook handler on one process, 32 in flight: sustained msg/s and p50/p95 time to 200.
 * 2. Processing: the job runner drains the N `whatsapp.process_delivery` jobs: msg/s.
 * 3. Inbox API: `extraMessages` more messages are bulk-inserted with SQL, then the list
 *    (findConversations) and thread (findMessages) use-cases are timed: p50/p95 (no HTTP/auth).
 * Not part of the test suite (`--conditions=react-server` lets `server-only` imports load in tsx).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const N = Number(process.argv[2] ?? 10_000);
const EXTRA = Number(process.argv[3] ?? 200_000);
const CONCURRENCY = 32;
const SECRET = "bench-secret";
const PNID = "100000000000001";

process.env.LOG_LEVEL ??= "silent";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "wa-bench-"));
process.env.WHATSAPP_APP_SECRET = SECRET;
process.env.WHATSAPP_PHONE_NUMBER_ID = PNID;
process.env.WHATSAPP_GRAPH_URL = "http://127.0.0.1:9/graph"; // never called: text messages need no Graph API
delete process.env.WHATSAPP_ACCESS_TOKEN;
process.env.TEST_DB = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";

const { createTestDb } = await import("../helpers/test-db");
const { signHubSignature } = await import("@/lib/whatsapp/signature");
const { runJobsOnce } = await import("@/lib/jobs/runner");
const { findConversations } = await import("@/lib/conversations/find-conversations");
const { findMessages } = await import("@/lib/messages/find-messages");
const { POST } = await import("@/app/api/webhooks/whatsapp/route");
const { createEventBus, setEventBus } = await import("@/lib/events/bus");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (n: number) => n.toFixed(1);

const t = await createTestDb();
setEventBus(createEventBus());
const ws = await t.db.workspace.create({ data: { name: "Bench", slug: "bench" } });
await t.db.user.create({ data: { workspaceId: ws.id, email: "agent@bench.test", name: "Agent", role: "agent", presence: "online", capacity: 1_000_000 } });

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const r = await POST(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({}) });
  res.writeHead(r.status, { "content-type": "application/json" });
  res.end(await r.text());
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "x-hub-signature-256": signHubSignature(body, SECRET), "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const ts = Math.floor(Date.now() / 1000);
const bodyOf = (i: number) => {
  const waId = `9198${String(10_000_000 + (i % 500)).padStart(8, "0")}`;
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "200000000000001", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550001234", phone_number_id: PNID }, contacts: [{ profile: { name: `Customer ${i % 500}` }, wa_id: waId }], messages: [{ from: waId, id: `wamid.bench.${i}`, timestamp: String(ts + Math.floor(i / 100)), type: "text", text: { body: `Hello, message ${i} about the 2BHK` } }] } }] }],
  });
};

// Warm-up (module loading, JIT, connection pool): 50 deliveries, processed, not measured.
for (let i = 0; i < 50; i++) await post(bodyOf(N + i));
while ((await runJobsOnce({ limit: 50 })).claimed > 0);

// 1. Ingestion.
const lat: number[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      const body = bodyOf(next++);
      const t0 = performance.now();
      const status = await post(body);
      lat.push(performance.now() - t0);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
    }
  }),
);
const ingestS = (performance.now() - started) / 1000;

// 2. Processing.
const p0 = performance.now();
for (;;) {
  const r = await runJobsOnce({ limit: 64 });
  if (r.claimed === 0) break;
}
const processS = (performance.now() - p0) / 1000;
const stored = await t.db.message.count({ where: { metaId: { startsWith: "wamid.bench." } } });

console.log(`\n== WhatsApp webhook ingestion (${t.kind}), ${N} messages, ${CONCURRENCY} in flight, one process ==`);
console.log(`ack:        ${f(N / ingestS)} msg/s sustained (${f(ingestS)} s); latency p50 ${f(pct(lat, 50))} ms, p95 ${f(pct(lat, 95))} ms, p99 ${f(pct(lat, 99))} ms`);
console.log(`processing: ${f(N / processS)} msg/s (${f(processS)} s); messages stored ${stored - 50 > 0 ? stored : stored} (expected ${N + 50})`);

// 3. Inbox list + thread API with many messages.
const convs = await t.db.conversation.findMany({ where: { workspaceId: ws.id }, select: { id: true, contactId: true } });
if (EXTRA > 0) {
  const s0 = performance.now();
  const batch = 50_000;
  for (let done = 0; done < EXTRA; done += batch) {
    const n = Math.min(batch, EXTRA - done);
    await t.db.$executeRawUnsafe(
      `INSERT INTO "Message" ("id","workspaceId","conversationId","contactId","direction","type","body","status","createdAt")
       SELECT 'bm' || ($1::int + g), c."workspaceId", c."id", c."contactId",
              (CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'outbound' END)::"Direction", 'text', 'bulk message ' || g,
              (CASE WHEN g % 2 = 0 THEN 'received' ELSE 'read' END)::"MessageStatus", now() - (g || ' seconds')::interval
       FROM generate_series(1, $2::int) g
       JOIN LATERAL (SELECT * FROM "Conversation" ORDER BY "id" OFFSET (g % ${convs.length}) LIMIT 1) c ON true`,
      done,
      n,
    );
  }
  console.log(`seeded ${EXTRA} extra messages in ${f((performance.now() - s0) / 1000)} s`);
}
const total = await t.db.message.count();
const listLat: number[] = [];
const threadLat: number[] = [];
const searchLat: number[] = [];
for (let i = 0; i < 200; i++) {
  let t0 = performance.now();
  const page = await findConversations({ workspaceId: ws.id, userId: null, query: { status: "open", assignee: "all", limit: 25 } });
  listLat.push(performance.now() - t0);
  t0 = performance.now();
  await findMessages({ workspaceId: ws.id, conversationId: page.data[i % page.data.length].id, query: { limit: 50 } });
  threadLat.push(performance.now() - t0);
  if (i < 40) {
    t0 = performance.now();
    await findConversations({ workspaceId: ws.id, userId: null, query: { status: "all", assignee: "all", limit: 25, q: `message ${i}` } });
    searchLat.push(performance.now() - t0);
  }
}
console.log(`== Inbox API (${t.kind}), ${total} messages, ${convs.length} conversations ==`);
console.log(`list   (25/page): p50 ${f(pct(listLat, 50))} ms, p95 ${f(pct(listLat, 95))} ms`);
console.log(`thread (50/page): p50 ${f(pct(threadLat, 50))} ms, p95 ${f(pct(threadLat, 95))} ms`);
console.log(`search (ILIKE over names and message text): p50 ${f(pct(searchLat, 50))} ms, p95 ${f(pct(searchLat, 95))} ms`);

agent.destroy();
server.close();
await t.close();
fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
process.exit(0);
