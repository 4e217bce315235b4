/**
 * Capacity bench (not part of `npm test`): N concurrent WhatsApp calls through the real media-server
 * process — each a fake Meta relay (werift ICE-lite, 440 Hz) answered by the gateway, plus a simulated
 * agent (werift over the socket.io contract, 880 Hz) — then the media-server's CPU and memory
 * (node process + mediasoup workers, from /proc) per call, and call setup times.
 *
 *   npx tsx tests/bench/call-capacity.bench.ts 50 100 200
 *
 * Knobs: BENCH_MEASURE_MS (10000) the measured window; BENCH_GENERATORS (4) load-generator
 * processes; BENCH_CPU_PROF=<dir> writes CPU profiles of the media-server and the generators for the
 * measured window (summarise with `node tests/bench/cpu-profile-top.mjs <dir>/<pid>.cpuprofile`);
 * BENCH_DEBUG=1 prints the tone analysis of two calls per generator.
 *
 * The relays and agents run in BENCH_GENERATORS child processes (capacity-generator.ts) on the same
 * machine, niced so the media-server wins the CPU when both want it. Whether the figures mean
 * anything is printed next to them: what the generators managed to send (offered load), what came
 * back through the media-server (delivery), the tones heard both ways, and how busy the machine was.
 * A run marked SATURATED measured a starved system, not the media-server's cost per call; AT THE
 * LIMIT means nothing was lost yet but the machine was (nearly) full.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  startMediaServer,
  type MediaServerProcess,
} from "../../media-server/tests/helpers/media-server-process";
import type { GeneratorCommand, GeneratorReport } from "./capacity-generator";

const CLK_TCK = 100; // Linux USER_HZ
const PPS = 50; // 20 ms Opus frames
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);
const GENERATORS = Math.max(1, Number(process.env.BENCH_GENERATORS ?? 4));
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
/** Calls being set up at once, over all generators (as a burst of inbound calls would be). */
const SETUP_CONCURRENCY = 8;
/** Generators stream at this niceness: the kernel then gives the media-server the CPU first. */
const GENERATOR_NICE = 10;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(HERE, "cpu-profile-preload.mjs");

function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const cols = fs
    .readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = cols.reduce((a, b) => a + b, 0);
  return { busy: total - cols[3] - cols[4], total }; // minus idle and iowait
}

/**
 * UDP datagrams the kernel dropped because a socket's receive buffer was full, summed over the
 * sockets each group of processes owns (/proc/net/udp "drops", sockets matched by inode). This
 * says who could not keep up: the media-server or the generators.
 */
function udpDrops(groups: number[][]): number[] {
  const owner = new Map<string, number>();
  groups.forEach((pids, g) => {
    for (const pid of pids) {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${pid}/fd/${fd}`));
        if (m) owner.set(m[1], g);
      }
    }
  });
  const drops = groups.map(() => 0);
  for (const table of ["/proc/net/udp", "/proc/net/udp6"]) {
    for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const g = owner.get(cols[9]);
      if (g !== undefined) drops[g] += Number(cols[cols.length - 1]);
    }
  }
  return drops;
}

/** "3 dtls_failed, 1 ice_failed" from the media-server's "customer leg closed" log lines. */
function closedLegs(logs: string[]): string {
  const by = new Map<string, number>();
  for (const chunk of logs) {
    for (const line of chunk.split("\n")) {
      if (!line.includes('"customer leg closed"')) continue;
      const reason = /"reason":"([^"]+)"/.exec(line)?.[1] ?? "?";
      by.set(reason, (by.get(reason) ?? 0) + 1);
    }
  }
  return by.size ? [...by].map(([k, n]) => `${n} ${k}`).join(", ") : "none";
}

function safeReadlink(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return ""; // the fd closed while we listed them
  }
}

async function serverPids(ms: MediaServerProcess): Promise<{ node: number; workers: number[] }> {
  const h = (await (await fetch(`${ms.baseUrl}/health`)).json()) as {
    pid: number;
    workers: { pid: number }[];
  };
  return { node: h.pid, workers: h.workers.map((w) => w.pid) };
}

/** CPU (in cores) of each process group over a window, plus the machine's busy cores. */
class CpuWindow {
  private readonly t0: number;
  private readonly ticks0: number[][];
  private readonly machine0 = machineTicks();

  constructor(private readonly groups: number[][]) {
    this.t0 = performance.now();
    this.ticks0 = groups.map((g) => g.map(cpuTicks));
  }

  end(): { cores: number[]; machineBusyCores: number } {
    const elapsed = (performance.now() - this.t0) / 1000;
    const cores = this.groups.map(
      (g, i) => g.reduce((sum, pid, j) => sum + (cpuTicks(pid) - this.ticks0[i][j]), 0) / CLK_TCK / elapsed,
    );
    const m = machineTicks();
    const machineBusyCores =
      ((m.busy - this.machine0.busy) / (m.total - this.machine0.total)) * os.cpus().length;
    return { cores, machineBusyCores };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ends the profiled window and waits for the profiles, so the tone check below is not in them. */
async function stopProfiles(pids: number[]): Promise<void> {
  const files = pids.map((pid) => path.join(PROFILE_DIR!, `${pid}.cpuprofile`));
  for (const f of files) fs.rmSync(f, { force: true });
  for (const pid of pids) process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 30_000;
  while (!files.every((f) => fs.existsSync(f)) && Date.now() < deadline) await sleep(50);
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** A forked generator process and a way to wait for its next report of a given type. */
class Generator {
  readonly child: ChildProcess;
  private readonly listeners = new Set<(m: GeneratorReport) => void>();
  private readonly pending = new Set<(err: Error) => void>();

  constructor(onReport: (m: GeneratorReport) => void) {
    this.child = fork(path.join(HERE, "capacity-generator.ts"), [], {
      execArgv: [...process.execArgv, ...(PROFILE_DIR ? ["--import", PRELOAD] : [])],
      env: { ...process.env, ...(PROFILE_DIR ? { BENCH_CPU_PROF: PROFILE_DIR } : {}) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (m: GeneratorReport) => {
      onReport(m);
      for (const l of [...this.listeners]) l(m);
    });
    // A crashed generator must fail the run at once, not after every timeout.
    this.child.on("exit", (code, signal) => {
      for (const fail of [...this.pending])
        fail(new Error(`generator ${this.pid} exited (${code ?? signal})`));
    });
  }

  /** Resolves once the process has loaded its modules (it reports "ready" on its own). */
  readonly ready = new Promise<void>((resolve, reject) => {
    const l = (m: GeneratorReport) => {
      if (m.type !== "ready") return;
      this.listeners.delete(l);
      this.pending.delete(reject);
      resolve();
    };
    this.listeners.add(l);
    this.pending.add(reject);
  });

  get pid(): number {
    return this.child.pid!;
  }

  ask<T extends GeneratorReport["type"]>(
    cmd: GeneratorCommand,
    reply: T,
    timeoutMs = 120_000,
  ): Promise<Extract<GeneratorReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(l);
        this.pending.delete(fail);
      };
      const fail = (err: Error) => {
        done();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new Error(`generator ${this.pid}: no ${reply} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const l = (m: GeneratorReport) => {
        if (m.type !== reply) return;
        done();
        resolve(m as Extract<GeneratorReport, { type: T }>);
      };
      this.listeners.add(l);
      this.pending.add(fail);
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        fail(new Error(`generator ${this.pid} is gone`));
      else this.child.send(cmd);
    });
  }
}

type Counters = Extract<GeneratorReport, { type: "counters" }>;
type Stream = "relaySent" | "relayReceived" | "agentSent" | "agentReceived";

function countersOf(gens: Generator[]): Promise<Counters[]> {
  return Promise.all(gens.map((g) => g.ask({ type: "counters" }, "counters")));
}

/** Packets counted over the window vs. 50 per second per call, each generator on its own clock. */
function packetRatio(c0: Counters[], c1: Counters[], stream: Stream): number {
  let got = 0;
  let expected = 0;
  c1.forEach((end, i) => {
    got += end[stream] - c0[i][stream];
    expected += end.calls * PPS * ((end.at - c0[i].at) / 1000);
  });
  return expected > 0 ? got / expected : 0;
}

async function runOnce(n: number) {
  const ms = await startMediaServer({
    LOG_LEVEL: "info",
    MEDIA_WORKERS: "1",
    MEDIA_CUSTOMER_SILENCE_SEC: "60",
    ...(PROFILE_DIR
      ? {
          BENCH_CPU_PROF: PROFILE_DIR,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${PRELOAD}`.trim(),
        }
      : {}),
  });
  const answerMs: number[] = [];
  const connectMs: number[] = [];
  const agentMs: number[] = [];
  const errors: string[] = [];
  const gens: Generator[] = [];
  try {
    const pids = await serverPids(ms);
    const serverGroup = [pids.node, ...pids.workers];
    const rss = () => serverGroup.map(rssKb).reduce((a, b) => a + b, 0) / 1024;
    const idleWindow = new CpuWindow([serverGroup]);
    await sleep(3_000);
    const idleCore = idleWindow.end().cores[0];
    const rssIdleMb = rss();

    for (let g = 0; g < Math.min(GENERATORS, n); g++) {
      gens.push(
        new Generator((m) => {
          if (m.type !== "call") return;
          if (m.ok) {
            answerMs.push(m.answerMs);
            connectMs.push(m.connectMs);
            agentMs.push(m.agentMs);
          } else errors.push(`${m.callId}: ${m.error}`);
        }),
      );
    }
    await Promise.all(gens.map((g) => g.ready));
    const slices = gens.map((_, g) =>
      Array.from({ length: n }, (_, i) => `bench-${n}-${i}`).filter((_, i) => i % gens.length === g),
    );
    const perGen = Math.max(1, Math.ceil(SETUP_CONCURRENCY / gens.length));
    const setup = (g: Generator, callIds: string[], concurrency: number) =>
      g.ask(
        { type: "setup", baseUrl: ms.baseUrl, secret: ms.secret, callIds, concurrency },
        "setupDone",
        600_000,
      );
    // One call per generator first, one generator at a time: fresh processes (cold JIT, first DTLS
    // handshake) answering slowly make the gateway retransmit, and werift's DTLS client then fails
    // on the duplicated server flight (dtls_failed) — a gateway robustness issue, not a capacity one.
    for (const [i, g] of gens.entries()) await setup(g, slices[i].slice(0, 1), 1);
    await Promise.all(gens.map((g, i) => setup(g, slices[i].slice(1), perGen)));
    for (const e of errors.slice(0, 3)) {
      const callId = e.slice(0, e.indexOf(":"));
      console.error(
        `  setup failed: ${e}\n    media-server: ${ms.logs
          .filter((l) => l.includes(`"${callId}"`))
          .slice(-8)
          .join("\n    ")}`,
      );
    }
    const calls = n - errors.length;

    // Niced only now: call setup (DTLS in JS) is timed at normal priority, like the bench always did.
    for (const g of gens) os.setPriority(g.pid, GENERATOR_NICE);
    await sleep(2_000); // let every stream reach steady state
    const profiled = [pids.node, ...gens.map((g) => g.pid)];
    if (PROFILE_DIR) for (const pid of profiled) process.kill(pid, "SIGUSR2");
    const c0 = await countersOf(gens);
    const dropGroups = [serverGroup, gens.map((g) => g.pid)];
    const drops0 = udpDrops(dropGroups);
    const window = new CpuWindow([serverGroup, [pids.node], pids.workers, gens.map((g) => g.pid)]);
    await sleep(MEASURE_MS);
    const c1 = await countersOf(gens);
    const drops1 = udpDrops(dropGroups);
    const { cores, machineBusyCores } = window.end();
    if (PROFILE_DIR) await stopProfiles(profiled);
    const rssLoadedMb = rss();
    const loadavg = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    const tones = (await Promise.all(gens.map((g) => g.ask({ type: "check" }, "check")))).reduce((a, c) => ({
      ...a,
      relaysHearingAgent: a.relaysHearingAgent + c.relaysHearingAgent,
      agentsHearingCustomer: a.agentsHearingCustomer + c.agentsHearingCustomer,
    }));

    const [totalCore, nodeCore, workersCore, generatorCore] = cores;
    return {
      calls,
      attempted: n,
      idleCore,
      totalCore,
      nodeCore,
      workersCore,
      generatorCore,
      machineBusyCores,
      otherCore: Math.max(0, machineBusyCores - totalCore - generatorCore),
      cpuPerCallPctCore: ((totalCore - idleCore) / Math.max(1, calls)) * 100,
      rssIdleMb,
      rssLoadedMb,
      memPerCallMb: (rssLoadedMb - rssIdleMb) / Math.max(1, calls),
      answerMs,
      connectMs,
      agentMs,
      // Offered load: what the generators managed to send. Delivery: what came back through the
      // media-server. Below ~95 % something is starved and the CPU per call is understated.
      relayOffered: packetRatio(c0, c1, "relaySent"),
      agentOffered: packetRatio(c0, c1, "agentSent"),
      toCustomers: packetRatio(c0, c1, "relayReceived"),
      toAgents: packetRatio(c0, c1, "agentReceived"),
      ...tones,
      // Per-socket counters only grow, and the sockets live for the whole window.
      deadCalls: c1.reduce((a, c) => a + c.deadCalls, 0),
      legsClosed: closedLegs(ms.logs),
      serverDrops: drops1[0] - drops0[0],
      generatorDrops: drops1[1] - drops0[1],
      loadavg,
    };
  } finally {
    await Promise.allSettled(gens.map((g) => g.ask({ type: "close" }, "closed", 60_000)));
    for (const g of gens) if (g.child.exitCode === null) g.child.kill();
    await ms.stop();
  }
}

/**
 * SATURATED: something was starved (packets or tones lost, load not offered, calls not set up), so
 * the CPU figures are a floor. AT THE LIMIT: every packet and tone got through, but the machine (or
 * the media-server's one JS thread) was nearly full, so the next step up would not be.
 */
function verdict(r: Awaited<ReturnType<typeof runOnce>>): { saturated: string[]; limit: string[] } {
  const why: string[] = [];
  const limit: string[] = [];
  const cores = os.cpus().length;
  if (r.calls < r.attempted) why.push(`${r.attempted - r.calls} calls failed to set up`);
  if (r.machineBusyCores > cores * 0.9)
    limit.push(`machine ${((r.machineBusyCores / cores) * 100).toFixed(0)}% busy`);
  if (r.nodeCore > 0.9) limit.push("media-server node process at a full core");
  if (Math.min(r.relayOffered, r.agentOffered) < 0.95) why.push("generators could not offer the full load");
  if (Math.min(r.toCustomers, r.toAgents) < 0.95) why.push("media-server delivered < 95 % of packets");
  if (r.relaysHearingAgent < r.calls || r.agentsHearingCustomer < r.calls)
    why.push("tone lost on some calls");
  return { saturated: [...why, ...(why.length ? limit : [])], limit: why.length ? [] : limit };
}

async function main() {
  const counts = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  const f = (x: number) => (x * 100).toFixed(1);
  let previous: { calls: number; core: number; saturated: boolean } | null = null;
  for (const n of counts.length ? counts : [50, 100, 200]) {
    const r = await runOnce(n);
    const { saturated: why, limit } = verdict(r);
    // Between two unsaturated runs the fixed cost (timers, sockets, the idle worker) cancels out.
    const marginal =
      previous && !previous.saturated && why.length === 0 && r.calls > previous.calls
        ? `; marginal ${(((r.totalCore - previous.core) / (r.calls - previous.calls)) * 100).toFixed(2)}% core/call from ${previous.calls} calls`
        : "";
    previous = { calls: r.calls, core: r.totalCore, saturated: why.length > 0 };
    console.log(
      [
        `calls=${r.calls}/${r.attempted}  ${
          why.length
            ? `SATURATED (${why.join("; ")}): figures are a floor, not a cost per call`
            : limit.length
              ? `AT THE LIMIT (${limit.join("; ")}; every packet and tone got through)`
              : "not saturated"
        }`,
        `media-server CPU ${f(r.totalCore)}% of a core (node ${f(r.nodeCore)}%, worker ${f(r.workersCore)}%; idle ${f(r.idleCore)}%) → ${r.cpuPerCallPctCore.toFixed(2)}% core/call${marginal}`,
        `RSS ${r.rssIdleMb.toFixed(0)}→${r.rssLoadedMb.toFixed(0)} MB → ${r.memPerCallMb.toFixed(2)} MB/call`,
        `setup: offer→answer p50 ${pct(r.answerMs, 50).toFixed(0)} ms p95 ${pct(r.answerMs, 95).toFixed(0)} ms; offer→connected p50 ${pct(r.connectMs, 50).toFixed(0)} ms p95 ${pct(r.connectMs, 95).toFixed(0)} ms; agent join p50 ${pct(r.agentMs, 50).toFixed(0)} ms p95 ${pct(r.agentMs, 95).toFixed(0)} ms`,
        `offered (of ${PPS} pps/call): relays ${f(r.relayOffered)}%, agents ${f(r.agentOffered)}%; delivered: to customers ${f(r.toCustomers)}%, to agents ${f(r.toAgents)}%`,
        `two-way audio: ${r.relaysHearingAgent}/${r.calls} relays hear the agent tone, ${r.agentsHearingCustomer}/${r.calls} agents hear the customer tone`,
        `dead calls (no packet in one direction during the window): ${r.deadCalls}; customer legs closed: ${r.legsClosed}; UDP receive-buffer drops: media-server ${r.serverDrops}, generators ${r.generatorDrops}`,
        `load generator (${Math.min(GENERATORS, r.attempted)} processes) ${f(r.generatorCore)}% of a core → ${((r.generatorCore / Math.max(1, r.calls)) * 100).toFixed(2)}% core/call; machine busy ${r.machineBusyCores.toFixed(2)}/${os.cpus().length} cores (other processes ${f(r.otherCore)}%); loadavg ${r.loadavg}`,
      ].join("\n  "),
    );
  }
  if (PROFILE_DIR) console.log(`CPU profiles of the last measured window: ${PROFILE_DIR}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
