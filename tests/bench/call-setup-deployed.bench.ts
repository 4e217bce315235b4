/**
 * Call setup as Meta sees it, in the deployed topology (issue 4, "Measure and report"): the signed
 * `connect` webhook sent → the app's `pre_accept` received, p50/p95/max (goal p95 < 150 ms for
 * "webhook received → pre_accept sent"; this figure is an upper bound of that, since it adds both
 * HTTP hops and the signature check).
 *
 *   npx tsx tests/bench/call-setup-deployed.bench.ts [calls=40]
 *
 * Unlike call-setup.bench.ts (the app's route and job runner inside the bench process, with
 * per-stage timings), this runs the production build under `next start` in its own process, set up
 * by the e2e global setup (PGlite inside web, its job runner, a real media-server process, the
 * sandbox and fake Frappe in this process). Each simulated user calls with the fake Meta relay as the
 * media peer; the clock starts when the sandbox starts POSTing the connect webhook (its delivery
 * log) and stops at the sandbox's `preAcceptedAt` when the pre_accept arrives. Calls run one after another; no agent is online, so
 * each call is then abandoned (not measured). Not part of the test suite.
 */
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { CUSTOMER_TONE_HZ, Sandbox, waitUntil } from "../e2e/call-helpers";
import setup from "../e2e/global-setup";

const N = Number(process.argv[2] ?? 40);

const provided: Record<string, unknown> = {};
const teardown = await setup({ provide: (key: string, value: unknown) => void (provided[key] = value) } as unknown as TestProject);
if (!provided.mediaServerURL) throw new Error("the media-server did not start (see the e2e setup's message above)");
const sb = new Sandbox(provided.sandboxURL as string);

// Web loads the call path's code and opens its database right after start (start-web-runner.ts);
// the first call is measured once that is done, as on a server that has been up for a few seconds.
const webLog = path.join(provided.dataDir as string, "next-start.log");
await waitUntil("web warm-up", async () => fs.readFileSync(webLog, "utf8").includes("job runner warmed up"), 30_000, 50);
const samples: number[] = [];
const lost: string[] = [];
const queued: number[] = [];
for (let i = 0; i < N; i++) {
  const userKey = await sb.newUser(`Bench Setup ${i}`);
  const placed = await sb.placeCall(userKey, CUSTOMER_TONE_HZ);
  try {
    const view = await waitUntil(
      "pre_accept",
      async () => {
        const c = (await sb.req<{ createdAt: string; preAcceptedAt: string | null }>("GET", `/calls/${encodeURIComponent(placed.id)}`)).body;
        return c.preAcceptedAt ? c : null;
      },
      10_000,
      20,
    );
    // When the sandbox's POST of the connect started (its sender sends one delivery at a time, so
    // the previous call's status webhooks can hold it back — that wait is Meta's, not ours).
    const deliveries = (await sb.req<{ data: { summary: string; attempts: { at: number }[] }[] }>("GET", "/deliveries")).body.data;
    const sentAt = deliveries.find((d) => d.summary === `call connect ${placed.id}`)?.attempts[0]?.at;
    if (sentAt === undefined) throw new Error("the sandbox has no connect delivery for the call");
    samples.push(new Date(view.preAcceptedAt!).getTime() - sentAt);
    queued.push(sentAt - new Date(view.createdAt).getTime());
  } catch (err) {
    lost.push(`call ${i}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // One call at a time, as the in-process bench: wait until the sandbox saw this call end.
  await waitUntil("call ended", async () => (await sb.call(placed.id)).state === "ended", 30_000).catch(() => undefined);
}

const sorted = [...samples].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
for (const l of lost) console.error(l);
console.log(
  JSON.stringify({
    bench: "call-setup (deployed): connect webhook POST started → pre_accept received",
    calls: samples.length,
    lost: lost.length,
    firstMs: samples[0],
    p50ms: pct(50),
    p95ms: pct(95),
    maxMs: sorted[sorted.length - 1],
    laterP95ms: (() => {
      const later = samples.slice(1).sort((a, b) => a - b);
      return later[Math.min(later.length - 1, Math.floor(0.95 * later.length))];
    })(),
    sandboxQueueP95ms: [...queued].sort((a, b) => a - b)[Math.min(queued.length - 1, Math.floor(0.95 * queued.length))],
  }),
);
// BENCH_OUT=<dir>: keep the web server's and media-server's logs (the data dir goes at teardown).
if (process.env.BENCH_OUT) {
  fs.mkdirSync(process.env.BENCH_OUT, { recursive: true });
  for (const f of ["next-start.log", "media-server.log"]) fs.copyFileSync(path.join(provided.dataDir as string, f), path.join(process.env.BENCH_OUT, f));
}
await teardown?.();
process.exit(0);
