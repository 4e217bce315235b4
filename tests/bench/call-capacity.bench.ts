/**
 * Capacity bench (not part of `npm test`): N concurrent WhatsApp calls through the real media-server
 * process — each a fake Meta relay (werift ICE-lite, 440 Hz) answered by the gateway, plus a simulated
 * agent (werift over the socket.io contract, 880 Hz) — then the media-server's CPU and memory
 * (node process + mediasoup workers, from /proc) per call, and call setup times.
 *
 *   npx tsx tests/bench/call-capacity.bench.ts 50 100 200
 *
 * The relays and agents run in this process, on the same machine: on a small box they compete with
 * the media-server for CPU, so the figures are an upper bound per call.
 */
import fs from "node:fs";
import { createMetaRelay, type MetaRelay } from "../../lib/sandbox/meta-relay/meta-relay";
import { toneFrames } from "../../lib/sandbox/meta-relay/relay-audio";
import { startMediaServer, type MediaServerProcess } from "../../media-server/tests/helpers/media-server-process";
import { joinAsWeriftAgent, type WeriftAgent } from "./werift-agent";

const CLK_TCK = 100; // Linux USER_HZ
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);

function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

async function serverPids(ms: MediaServerProcess): Promise<{ node: number; workers: number[] }> {
  const h = (await (await fetch(`${ms.baseUrl}/health`)).json()) as { pid: number; workers: { pid: number }[] };
  return { node: h.pid, workers: h.workers.map((w) => w.pid) };
}

async function sample(pids: { node: number; workers: number[] }, ms: number) {
  const all = [pids.node, ...pids.workers];
  const t0 = all.map(cpuTicks);
  const start = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const elapsed = (Date.now() - start) / 1000;
  const t1 = all.map(cpuTicks);
  const cores = all.map((_, i) => (t1[i] - t0[i]) / CLK_TCK / elapsed);
  return {
    nodeCore: cores[0],
    workersCore: cores.slice(1).reduce((a, b) => a + b, 0),
    totalCore: cores.reduce((a, b) => a + b, 0),
    rssMb: all.map(rssKb).reduce((a, b) => a + b, 0) / 1024,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function runOnce(n: number) {
  const ms = await startMediaServer({ LOG_LEVEL: "info", MEDIA_WORKERS: "1", MEDIA_CUSTOMER_SILENCE_SEC: "60" });
  const relays: MetaRelay[] = [];
  const agents: WeriftAgent[] = [];
  const agentFrames = toneFrames(880);
  let frame = 0;
  const ticker = setInterval(() => {
    const p = agentFrames[frame++ % agentFrames.length];
    for (const a of agents) a.send(p);
  }, 20);
  try {
    const pids = await serverPids(ms);
    const idle = await sample(pids, 3_000);
    const answerMs: number[] = [];
    const connectMs: number[] = [];
    let failures = 0;
    const setup = async (i: number) => {
      const callId = `bench-${n}-${i}`;
      const relay = createMetaRelay({ tone: 440 });
      relays.push(relay);
      const offerSdp = await relay.createOffer();
      const t0 = performance.now();
      const res = await ms.control<{ answerSdp: string }>("/control/calls/inbound", { callId, offerSdp });
      answerMs.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`inbound ${res.status}`);
      await relay.applyAnswer(res.body.answerSdp);
      await relay.connected(20_000);
      connectMs.push(performance.now() - t0);
      agents.push(await joinAsWeriftAgent({ url: ms.baseUrl, secret: ms.secret, callId, userId: `agent-${i}` }));
    };
    const concurrency = 8;
    for (let i = 0; i < n; i += concurrency) {
      const batch = await Promise.allSettled(Array.from({ length: Math.min(concurrency, n - i) }, (_, k) => setup(i + k)));
      failures += batch.filter((b) => b.status === "rejected").length;
      for (const b of batch) if (b.status === "rejected") console.error(String(b.reason));
    }
    await new Promise((r) => setTimeout(r, 2_000)); // let every stream reach steady state
    const rx0 = relays.reduce((a, r) => a + r.packetsReceived, 0);
    const loaded = await sample(pids, MEASURE_MS);
    const rx1 = relays.reduce((a, r) => a + r.packetsReceived, 0);
    const hearingAgent = relays.filter((r) => r.detect([440, 880], 400).freq === 880).length;
    const agentsHearing = agents.filter((a) => a.packetsReceived() > 0).length;
    const calls = n - failures;
    // Packets the relays received from the gateway vs. 50 per second per call: below ~95 % the
    // machine (relays + agents + server on the same cores) is saturated and CPU/call is understated.
    const deliveryRatio = (rx1 - rx0) / (calls * 50 * (MEASURE_MS / 1000));
    return {
      deliveryRatio,
      calls,
      failures,
      idleCore: idle.totalCore,
      loadedCore: loaded.totalCore,
      nodeCore: loaded.nodeCore,
      workersCore: loaded.workersCore,
      cpuPerCallPctCore: ((loaded.totalCore - idle.totalCore) / calls) * 100,
      rssIdleMb: idle.rssMb,
      rssLoadedMb: loaded.rssMb,
      memPerCallMb: (loaded.rssMb - idle.rssMb) / calls,
      answerP50: pct(answerMs, 50),
      answerP95: pct(answerMs, 95),
      connectP50: pct(connectMs, 50),
      connectP95: pct(connectMs, 95),
      relaysHearingAgent: hearingAgent,
      agentsHearingCustomer: agentsHearing,
      loadavg: fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    };
  } finally {
    clearInterval(ticker);
    await Promise.allSettled(agents.map((a) => a.close()));
    await Promise.allSettled(relays.map((r) => r.close()));
    await ms.stop();
  }
}

async function main() {
  const counts = process.argv.slice(2).map(Number).filter((x) => x > 0);
  for (const n of counts.length ? counts : [50, 100, 200]) {
    const r = await runOnce(n);
    console.log(
      [
        `calls=${r.calls}/${r.calls + r.failures}`,
        `media-server CPU ${(r.loadedCore * 100).toFixed(1)}% of a core (node ${(r.nodeCore * 100).toFixed(1)}%, worker ${(r.workersCore * 100).toFixed(1)}%; idle ${(r.idleCore * 100).toFixed(1)}%)`,
        `→ ${r.cpuPerCallPctCore.toFixed(2)}% core/call`,
        `RSS ${r.rssIdleMb.toFixed(0)}→${r.rssLoadedMb.toFixed(0)} MB → ${r.memPerCallMb.toFixed(2)} MB/call`,
        `offer→answer p50 ${r.answerP50.toFixed(0)} ms p95 ${r.answerP95.toFixed(0)} ms`,
        `offer→connected p50 ${r.connectP50.toFixed(0)} ms p95 ${r.connectP95.toFixed(0)} ms`,
        `toward customers: ${(r.deliveryRatio * 100).toFixed(0)}% of 50 pps/call delivered`,
        `two-way audio: ${r.relaysHearingAgent} relays hear the agent tone, ${r.agentsHearingCustomer} agents receive the customer`,
        `loadavg ${r.loadavg}`,
      ].join("\n  "),
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
