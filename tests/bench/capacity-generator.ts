/**
 * One load-generator process of the capacity bench (forked by call-capacity.bench.ts, never run by
 * hand): it owns a slice of the calls — per call a fake Meta relay (440 Hz) answered by the
 * media-server and a werift agent (880 Hz) — and answers the bench over IPC. Spreading relays and
 * agents over several processes keeps werift's per-packet SRTP work off one event loop, so the
 * media-server, not the generator, is what the bench measures.
 *
 * Cheap on purpose: the tones are Opus frames encoded once per process and looped, one 20 ms clock
 * drives every relay and agent, and received audio stays raw until the final tone check decodes a
 * 1 s window per call.
 */
import { signRequest } from "../../lib/media/signing";
import { createMetaRelay, type MetaRelay } from "../../lib/sandbox/meta-relay/meta-relay";
import { sharedFrameClock, toneFrames } from "../../lib/sandbox/meta-relay/relay-audio";
import { joinAsWeriftAgent, type WeriftAgent } from "./werift-agent";

export const CUSTOMER_TONE = 440;
export const AGENT_TONE = 880;

export type GeneratorCommand =
  | { type: "setup"; baseUrl: string; secret: string; callIds: string[]; concurrency: number }
  | { type: "counters" }
  | { type: "check" }
  | { type: "close" };

export type GeneratorReport =
  | { type: "call"; callId: string; ok: true; answerMs: number; connectMs: number; agentMs: number }
  | { type: "call"; callId: string; ok: false; error: string }
  | { type: "ready" }
  | { type: "setupDone" }
  | {
      type: "counters";
      at: number;
      calls: number;
      relaySent: number;
      relayReceived: number;
      agentSent: number;
      agentReceived: number;
      /** Calls where the relay or the agent received nothing since the previous request. */
      deadCalls: number;
    }
  | { type: "check"; relaysHearingAgent: number; agentsHearingCustomer: number }
  | { type: "closed" };

interface Call {
  relay: MetaRelay;
  agent: WeriftAgent | null;
  /** Received counts at the previous "counters" request: a call that got nothing since is dead. */
  seen: { relay: number; agent: number };
}

const calls: Call[] = [];

function report(msg: GeneratorReport): void {
  process.send!(msg);
}

async function control<T>(baseUrl: string, secret: string, pathname: string, body: unknown): Promise<T> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${baseUrl}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-media-signature": signRequest(raw, secret) },
    body: raw,
  });
  if (res.status !== 200) throw new Error(`${pathname} ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function setupCall(baseUrl: string, secret: string, callId: string): Promise<void> {
  const relay = createMetaRelay({ tone: CUSTOMER_TONE, frameClock: sharedFrameClock });
  const call: Call = { relay, agent: null, seen: { relay: 0, agent: 0 } };
  calls.push(call);
  try {
    const offerSdp = await relay.createOffer();
    const t0 = performance.now();
    const { answerSdp } = await control<{ answerSdp: string }>(baseUrl, secret, "/control/calls/inbound", {
      callId,
      offerSdp,
    });
    const answerMs = performance.now() - t0;
    await relay.applyAnswer(answerSdp);
    await relay.connected(20_000);
    const connectMs = performance.now() - t0;
    const t1 = performance.now();
    call.agent = await joinAsWeriftAgent({ url: baseUrl, secret, callId, userId: `agent-${callId}` });
    report({ type: "call", callId, ok: true, answerMs, connectMs, agentMs: performance.now() - t1 });
  } catch (err) {
    report({ type: "call", callId, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

async function setup(cmd: Extract<GeneratorCommand, { type: "setup" }>): Promise<void> {
  const queue = [...cmd.callIds];
  const lane = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift())
      await setupCall(cmd.baseUrl, cmd.secret, id);
  };
  await Promise.all(Array.from({ length: Math.max(1, cmd.concurrency) }, lane));
  report({ type: "setupDone" });
}

// Agents' microphones: the same catch-up rule as the relays, on the same shared clock.
const agentFrames = toneFrames(AGENT_TONE);
let agentFrame = 0;
let agentNextAt = Date.now();
sharedFrameClock((now) => {
  if (now - agentNextAt > 100) agentNextAt = now - 100;
  while (agentNextAt <= now) {
    agentNextAt += 20;
    const payload = agentFrames[agentFrame++ % agentFrames.length];
    for (const c of calls) c.agent?.send(payload);
  }
});

function counters(): GeneratorReport {
  let relaySent = 0;
  let relayReceived = 0;
  let agentSent = 0;
  let agentReceived = 0;
  let deadCalls = 0;
  for (const c of calls) {
    const got = { relay: c.relay.packetsReceived, agent: c.agent?.packetsReceived() ?? 0 };
    relaySent += c.relay.packetsSent;
    relayReceived += got.relay;
    agentSent += c.agent?.packetsSent() ?? 0;
    agentReceived += got.agent;
    if (c.agent && (got.relay === c.seen.relay || got.agent === c.seen.agent)) deadCalls++;
    c.seen = got;
  }
  // Stamped here: the reply may wait in a busy (niced) event loop, the rates must not include that.
  const connected = calls.filter((c) => c.agent).length;
  return {
    type: "counters",
    at: performance.timeOrigin + performance.now(),
    calls: connected,
    relaySent,
    relayReceived,
    agentSent,
    agentReceived,
    deadCalls,
  };
}

function check(): GeneratorReport {
  const tones = [CUSTOMER_TONE, AGENT_TONE];
  if (process.env.BENCH_DEBUG) {
    for (const c of calls.slice(0, 2))
      console.error("relay heard", c.relay.detect(tones, 1000), "agent heard", c.agent?.detect(tones));
  }
  return {
    type: "check",
    relaysHearingAgent: calls.filter((c) => c.agent && c.relay.detect(tones, 1000).freq === AGENT_TONE)
      .length,
    agentsHearingCustomer: calls.filter((c) => c.agent?.detect(tones).freq === CUSTOMER_TONE).length,
  };
}

async function close(): Promise<void> {
  await Promise.allSettled(calls.map((c) => c.agent?.close()));
  await Promise.allSettled(calls.map((c) => c.relay.close()));
  report({ type: "closed" });
}

process.on("message", (cmd: GeneratorCommand) => {
  if (cmd.type === "setup") void setup(cmd);
  else if (cmd.type === "counters") report(counters());
  else if (cmd.type === "check") report(check());
  else if (cmd.type === "close") void close().then(() => process.disconnect());
});
// The bench gone (crash, Ctrl-C) means nobody will ask us to close.
process.on("disconnect", () => process.exit(0));
// Modules loaded and the tones encoded: setting up calls now does not compete with start-up work.
report({ type: "ready" });
