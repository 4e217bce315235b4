/**
 * Agent answers a call (issue 4, "Measure"): the click on Accept → two-way audio, p50/p95/max
 * (goal p95 < 1 s), the first call of the run reported on its own.
 *
 *   npx tsx tests/bench/call-answer.bench.ts [calls=20]
 *
 * Everything real, set up by the e2e global setup (tests/e2e/global-setup.ts: the production build
 * under `next start` — rebuilt when missing or with E2E_REBUILD=1 —, a real media-server process, the
 * sandbox's fake Graph API and fake Meta relay playing tone B) and driven like
 * tests/e2e/calls-media.test.ts: headless Chromium signed in as an online agent, its fake microphone
 * playing tone A. Per call: the simulated user calls, the incoming card appears, the bench clicks
 * Accept; the clock starts at the softphone's own `softphone:accept-click` mark and stops when
 * (a) the agent page hears tone B (AnalyserNode on the remote audio element) and (b) the relay
 * hears tone A (Goertzel); two-way audio = both. Calls run one after another with the same page (as
 * an agent's day does), each hung up by the customer before the next. Not part of the test suite.
 */
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { makeToneWav } from "../fixtures/audio/tone-wav";
import {
  AGENT_TONE_HZ,
  CUSTOMER_TONE_HZ,
  launchCallBrowser,
  Sandbox,
  setAgentPresence,
  softphoneMarks,
  waitForAgentTone,
  waitForCustomerTone,
  waitUntil,
} from "../e2e/call-helpers";
import setup from "../e2e/global-setup";
import { signIn } from "../e2e/helpers";

const N = Number(process.argv[2] ?? 20);
/** Probe every 20 ms, and the relay's detector over 100 ms: finer than the tests need. */
const POLL_MS = 20;
const RELAY_WINDOW_MS = 100;

const provided: Record<string, unknown> = {};
const teardown = await setup({ provide: (key: string, value: unknown) => void (provided[key] = value) } as unknown as TestProject);
const baseURL = provided.baseURL as string;
const accounts = provided.accounts as { agent: { email: string; password: string; role: "agent" } };
if (!provided.mediaServerURL) throw new Error("the media-server did not start (see the e2e setup's message above)");
const sb = new Sandbox(provided.sandboxURL as string);

const micWav = makeToneWav(AGENT_TONE_HZ, 2);
const browser = await launchCallBrowser(micWav);
const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
context.setDefaultTimeout(20_000);
await context.grantPermissions(["microphone"], { origin: baseURL });
const page = await context.newPage();
await signIn(page, accounts.agent);
await page.getByTestId("softphone").waitFor({ state: "attached" });
const presence = await setAgentPresence(page, "online");
if (presence !== 200) throw new Error(`could not set the agent online (HTTP ${presence})`);

interface Sample {
  twoWayMs: number;
  agentHearsMs: number;
  customerHearsMs: number;
  /** softphone:* marks relative to the click. */
  marks: Record<string, number>;
}
const samples: Sample[] = [];
const failures: string[] = [];

for (let i = 0; i < N; i++) {
  const userKey = await sb.newUser(`Bench Answer ${i}`);
  const placed = await sb.placeCall(userKey, CUSTOMER_TONE_HZ);
  try {
    const card = page.getByTestId("softphone-incoming").first();
    await card.waitFor();
    const callId = (await card.getAttribute("data-call-id"))!;
    const fallbackClick = Date.now();
    await card.getByRole("button", { name: "Accept", exact: true }).click();
    const [agentHeardAt, customerHeardAt] = await Promise.all([
      waitForAgentTone(page, CUSTOMER_TONE_HZ, 10_000, POLL_MS).then(() => Date.now()),
      waitForCustomerTone(sb, placed.id, AGENT_TONE_HZ, 10_000, POLL_MS, RELAY_WINDOW_MS).then(() => Date.now()),
    ]);
    const marks = await softphoneMarks(page, callId);
    const clickedAt = marks["accept-click"] ?? fallbackClick;
    const rel: Record<string, number> = {};
    for (const [k, v] of Object.entries(marks)) if (k !== "accept-click") rel[k] = Math.round(v - clickedAt);
    samples.push({
      twoWayMs: Math.round(Math.max(agentHeardAt, customerHeardAt) - clickedAt),
      agentHearsMs: Math.round(agentHeardAt - clickedAt),
      customerHearsMs: Math.round(customerHeardAt - clickedAt),
      marks: rel,
    });
  } catch (err) {
    failures.push(`call ${i}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    if ((await sb.call(placed.id)).state !== "ended") await sb.hangup(placed.id);
    await waitUntil("the sandbox call to end", async () => (await sb.call(placed.id)).state === "ended");
    await waitUntil("the softphone to be idle", async () => (await page.getByTestId("softphone-active").count()) === 0);
  }
}

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? null;
  return { p50ms: at(50), p95ms: at(95), maxMs: s[s.length - 1] ?? null };
}
const first = samples[0];
const stepNames = [...new Set(samples.flatMap((x) => Object.keys(x.marks)))];
const steps = Object.fromEntries(stepNames.map((k) => [k, stats(samples.flatMap((x) => (k in x.marks ? [x.marks[k]!] : []))).p50ms]));
console.log(
  JSON.stringify({
    bench: "call-answer: agent clicks Accept → two-way audio",
    calls: samples.length,
    failed: failures.length,
    ...stats(samples.map((x) => x.twoWayMs)),
    firstCallMs: first?.twoWayMs ?? null,
    laterCalls: stats(samples.slice(1).map((x) => x.twoWayMs)),
    agentHears: stats(samples.map((x) => x.agentHearsMs)),
    customerHears: stats(samples.map((x) => x.customerHearsMs)),
    // The click → web's accept answer (HTTP + the database), and from that answer → two-way audio
    // (the browser ⇄ media-server part): the first moves with the machine's load far more.
    acceptHttp: stats(samples.flatMap((x) => (x.marks["accept-answered"] !== undefined ? [x.marks["accept-answered"]] : []))),
    afterAcceptAnswer: stats(samples.flatMap((x) => (x.marks["accept-answered"] !== undefined ? [x.twoWayMs - x.marks["accept-answered"]] : []))),
    stepsP50ms: steps,
    values: samples.map((x) => x.twoWayMs),
  }),
);
for (const f of failures) console.error(f);

await browser.close();
fs.rmSync(path.dirname(micWav), { recursive: true, force: true });
await teardown();
process.exit(failures.length > 0 && samples.length === 0 ? 1 : 0);
