import type { Page } from "playwright-core";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintMediaToken } from "../../lib/media/token";
import { createMetaRelay, type MetaRelay } from "../../lib/sandbox/meta-relay/meta-relay";
import { toneFrames } from "../../lib/sandbox/meta-relay/relay-audio";
import { joinAsWeriftAgent } from "../../tests/bench/werift-agent";
import { makeToneWav } from "../../tests/fixtures/audio/tone-wav";
import { HOLD_TONE_HZ } from "../src/audio/generated-audio";
import { startAgentBrowser, type AgentBrowser } from "./helpers/agent-page/agent-page";
import { pollUntil, startMediaServer, type MediaServerProcess } from "./helpers/media-server-process";

/**
 * Issue 4, media end to end: the real media-server process (mediasoup 3.8.4 worker + werift gateway),
 * the fake Meta relay (werift ICE-lite, real ICE/DTLS-SRTP/Opus over UDP) playing 440 Hz, and headless
 * Chromium as the agent (mediasoup-client 3.18) whose fake microphone plays 880 Hz. Audio is checked
 * by frequency at both ends, not by "connected".
 */
const CUSTOMER_HZ = 440;
const AGENT_HZ = 880;
/** The second agent of a conference (a werift agent: Chromium's fake microphone is one file per browser). */
const AGENT2_HZ = 660;
const SILENCE_SEC = 3;
const CONNECT_TIMEOUT_SEC = 4;

let ms: MediaServerProcess;
let browser: AgentBrowser;
const relays: MetaRelay[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  browser = await startAgentBrowser(makeToneWav(AGENT_HZ));
  ms = await startMediaServer({
    MEDIA_CUSTOMER_SILENCE_SEC: String(SILENCE_SEC),
    MEDIA_CONNECT_TIMEOUT_SEC: String(CONNECT_TIMEOUT_SEC),
    MEDIA_CORS_ORIGIN: browser.origin,
  });
}, 120_000);

afterAll(async () => {
  for (const r of relays) await r.close();
  await browser?.close();
  await ms?.stop();
});

function relay(): MetaRelay {
  const r = createMetaRelay({ tone: CUSTOMER_HZ });
  relays.push(r);
  return r;
}

async function inboundCall(callId: string): Promise<{ relay: MetaRelay; answerSdp: string; offerSdp: string }> {
  const r = relay();
  const offerSdp = await r.createOffer();
  const res = await ms.control<{ answerSdp: string }>("/control/calls/inbound", { callId, offerSdp });
  expect(res.status).toBe(200);
  await r.applyAnswer(res.body.answerSdp);
  await r.connected();
  return { relay: r, answerSdp: res.body.answerSdp, offerSdp };
}

async function agentJoins(callId: string, userId = "agent-1"): Promise<Page> {
  const page = await browser.newAgentPage();
  pages.push(page);
  const { token } = mintMediaToken({ userId, workspaceId: "ws-1", role: "agent", callId, ttlSec: 120 }, ms.secret);
  await page.evaluate((o) => (globalThis as unknown as { agent: { join(o: unknown): Promise<unknown> } }).agent.join(o), { url: ms.baseUrl, token, callId });
  return page;
}

function agentHears(page: Page, from: "customer" | "peers" = "customer"): Promise<{ peakHz: number; peakDb: number }> {
  return page.evaluate((f) => (globalThis as unknown as { agent: { measure(f: string): { peakHz: number; peakDb: number } } }).agent.measure(f), from);
}

async function expectAgentHearsCustomer(page: Page): Promise<void> {
  const heard = await pollUntil(
    async () => {
      const m = await agentHears(page);
      return Math.abs(m.peakHz - CUSTOMER_HZ) < 15 && m.peakDb > -60 ? m : false;
    },
    10_000,
    `agent hears ${CUSTOMER_HZ} Hz`,
  );
  expect(Math.abs(heard.peakHz - CUSTOMER_HZ)).toBeLessThan(15);
}

async function expectCustomerHears(r: MetaRelay, freq: number): Promise<void> {
  const d = await pollUntil(
    () => {
      const x = r.detect([CUSTOMER_HZ, AGENT_HZ, HOLD_TONE_HZ], 600);
      return x.freq === freq ? x : false;
    },
    10_000,
    `customer hears ${freq} Hz`,
  );
  expect(d.share).toBeGreaterThan(0.5);
}

describe("WhatsApp call media (gateway + SFU + browser agent)", () => {
  let held: { relay: MetaRelay; page: Page; callId: string };

  it("inbound call: answers Meta's offer (setup:active, no ice-lite) and carries audio both ways", async () => {
    const callId = "call-inbound-1";
    const { relay: r, answerSdp, offerSdp } = await inboundCall(callId);
    expect(answerSdp).toMatch(/a=setup:active\r\n/);
    expect(answerSdp).toMatch(/a=mid:audio\r\n/);
    expect(answerSdp).not.toMatch(/a=ice-lite/);
    expect(answerSdp).toMatch(/a=candidate:.* 127\.0\.0\.1 \d+ typ host/);
    await ms.waitForEvent((e) => e.type === "media.call.leg_connected" && e.callId === callId && e.leg === "customer");
    // Web retries (timeout, redelivered webhook): the same offer gets the very same answer — Meta
    // needs identical SDPs in pre_accept and accept. Another offer for a live call is a conflict.
    const retry = await ms.control<{ answerSdp: string }>("/control/calls/inbound", { callId, offerSdp });
    expect(retry.body.answerSdp).toBe(answerSdp);
    const other = await ms.control("/control/calls/inbound", { callId, offerSdp: offerSdp.replace(/a=ssrc:\d+/, "a=ssrc:42") });
    expect(other.status).toBe(409);

    // Queued, no agent yet: the customer receives comfort noise (packets, no tone).
    await pollUntil(() => r.packetsReceived > 25, 5_000, "comfort noise reaches the customer");
    expect(r.detect([CUSTOMER_HZ, AGENT_HZ, HOLD_TONE_HZ]).freq).toBeNull();

    const page = await agentJoins(callId);
    await ms.waitForEvent((e) => e.type === "media.call.leg_connected" && e.callId === callId && e.leg === "agent");
    await expectAgentHearsCustomer(page);
    await expectCustomerHears(r, AGENT_HZ);

    const stats = await ms.control<{ customer: { state: string; source: string; fromCustomer: { packets: number; score: number } }; agents: { producing: boolean }[] }>(
      "/control/calls/stats",
      { callId },
    );
    expect(stats.status).toBe(200);
    expect(stats.body.customer).toMatchObject({ state: "connected", source: "agent" });
    expect(stats.body.customer.fromCustomer.packets).toBeGreaterThan(50);
    expect(stats.body.agents).toEqual([expect.objectContaining({ producing: true })]);
    held = { relay: r, page, callId };
  });

  it("hold: the customer hears the hold tone instead of the agent; resume brings the agent back", async () => {
    const { relay: r, callId, page } = held;
    expect((await ms.control("/control/calls/hold", { callId })).status).toBe(200);
    await expectCustomerHears(r, HOLD_TONE_HZ);
    // …and the agent no longer hears the customer (their consumer is paused).
    await pollUntil(async () => (await agentHears(page)).peakDb < -90, 5_000, "agent stops hearing the customer on hold");
    expect((await ms.control("/control/calls/resume", { callId })).status).toBe(200);
    await expectCustomerHears(r, AGENT_HZ);
  });

  it("DTMF from the customer is decoded in-band and reported as call.dtmf, in order", async () => {
    const { relay: r, callId } = held;
    await r.sendDtmf("1#9");
    await ms.waitForEvent((e) => e.type === "media.call.dtmf" && e.callId === callId && e.digit === "9");
    const digits = ms.events.filter((e) => e.type === "media.call.dtmf" && e.callId === callId).map((e) => e.digit);
    expect(digits).toEqual(["1", "#", "9"]);
    // Audio carries on after the key presses.
    await expectAgentHearsCustomer(held.page);
  });

  it("DTMF from the agent: the control API plays RFC 4733 digits to WhatsApp inside the Opus stream's sequence", async () => {
    const { relay: r, callId } = held;
    const gapsBefore = r.seqGaps;
    const packetsBefore = r.packetsReceived;
    // Two requests back to back: the second waits for the first (no interleaving).
    const first = await ms.control<{ ok: boolean; startsInMs: number; durationMs: number }>("/control/calls/dtmf", { callId, digits: "12" });
    const second = await ms.control<{ ok: boolean; startsInMs: number }>("/control/calls/dtmf", { callId, digits: "#" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, startsInMs: 0, durationMs: 100 + 60 + 100 });
    expect(second.status).toBe(200);
    expect(second.body.startsInMs).toBeGreaterThan(0);
    await pollUntil(() => r.receivedDtmf.length >= 3, 5_000, "the relay decodes three digits");
    expect(r.receivedDtmf).toBe("12#");
    // Audio comes back after the tones, and the one stream never skipped or repeated a sequence number.
    const afterTones = r.packetsReceived;
    await pollUntil(() => r.packetsReceived > afterTones + 25, 5_000, "Opus again after the tones");
    await expectCustomerHears(r, AGENT_HZ);
    expect(r.packetsReceived).toBeGreaterThan(packetsBefore);
    console.info(`[measure] agent DTMF 12#: decoded ${r.receivedDtmf}, seq gaps before ${gapsBefore} after ${r.seqGaps}, Opus packets ${packetsBefore}→${r.packetsReceived}`);
    expect(r.seqGaps).toBe(gapsBefore);
    const stats = await ms.control<{ customer: { dtmfDigitsSent: number } }>("/control/calls/stats", { callId });
    expect(stats.body.customer.dtmfDigitsSent).toBe(3);

    expect((await ms.control("/control/calls/dtmf", { callId, digits: "12x" })).status).toBe(400);
    expect((await ms.control("/control/calls/dtmf", { callId, digits: "1".repeat(33) })).status).toBe(400);
    expect((await ms.control("/control/calls/dtmf", { callId: "call-unknown-1", digits: "1" })).status).toBe(404);
    // A room whose WhatsApp leg is not connected yet (our offer, no answer from Meta): 409.
    const pending = "call-dtmf-pending-1";
    expect((await ms.control("/control/calls/outbound", { callId: pending })).status).toBe(200);
    const notConnected = await ms.control<{ error: { code: string } }>("/control/calls/dtmf", { callId: pending, digits: "1" });
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.error.code).toBe("INVALID_STATE");
    await ms.control("/control/calls/close", { callId: pending, reason: "hangup" });
  });

  it("close from web: room_closed is reported, the agent is told, the room is gone", async () => {
    const { callId, page } = held;
    const res = await ms.control<{ closed: boolean }>("/control/calls/close", { callId, reason: "hangup" });
    expect(res.body).toEqual({ ok: true, closed: true });
    const ev = await ms.waitForEvent((e) => e.type === "media.call.room_closed" && e.callId === callId);
    expect(ev.reason).toBe("closed_by_web");
    await pollUntil(
      () => page.evaluate(() => (globalThis as unknown as { agent: { closedLegs(): { reason: string }[] } }).agent.closedLegs().length > 0),
      5_000,
      "legClosed pushed to the agent",
    );
    expect((await ms.control("/control/calls/stats", { callId })).status).toBe(404);
    const again = await ms.control("/control/calls/close", { callId, reason: "hangup" });
    expect(again.body).toEqual({ ok: true, closed: false });
    const health = (await (await fetch(`${ms.baseUrl}/health`)).json()) as { rooms: number };
    expect(health.rooms).toBe(0);
  });

  it("outbound call: the gateway offers (actpass), Meta's answer is applied, audio flows both ways", async () => {
    const callId = "call-outbound-1";
    const res = await ms.control<{ offerSdp: string }>("/control/calls/outbound", { callId });
    expect(res.status).toBe(200);
    expect(res.body.offerSdp).toMatch(/a=setup:actpass\r\n/);
    expect(res.body.offerSdp).not.toMatch(/a=ice-options:trickle/);
    const r = relay();
    const answerSdp = await r.acceptOffer(res.body.offerSdp);
    expect(answerSdp).toMatch(/a=ice-lite/);
    expect(answerSdp).toMatch(/a=setup:active/);
    expect((await ms.control("/control/calls/answer", { callId, answerSdp })).status).toBe(200);
    await r.connected();
    await ms.waitForEvent((e) => e.type === "media.call.leg_connected" && e.callId === callId && e.leg === "customer");

    const page = await agentJoins(callId, "agent-2");
    await expectAgentHearsCustomer(page);
    await expectCustomerHears(r, AGENT_HZ);

    // The agent leaves: the customer is not left in dead air, comfort noise takes over (no tone).
    await page.evaluate(() => (globalThis as unknown as { agent: { leave(): Promise<void> } }).agent.leave());
    await pollUntil(() => r.detect([CUSTOMER_HZ, AGENT_HZ, HOLD_TONE_HZ], 400).freq === null, 5_000, "comfort noise after the agent left");
    const before = r.packetsReceived;
    await pollUntil(() => r.packetsReceived > before + 25, 5_000, "media keeps flowing to the customer");
    await ms.control("/control/calls/close", { callId, reason: "hangup" });
    await ms.waitForEvent((e) => e.type === "media.call.room_closed" && e.callId === callId);
  });

  it("the relay going silent ends the call: media_timeout, leg failed, room closed", async () => {
    const callId = "call-silent-1";
    const { relay: r } = await inboundCall(callId);
    await ms.waitForEvent((e) => e.type === "media.call.leg_connected" && e.callId === callId);
    const stoppedAt = Date.now();
    r.stopMedia();
    const timeout = await ms.waitForEvent((e) => e.type === "media.call.media_timeout" && e.callId === callId, (SILENCE_SEC + 5) * 1000);
    const elapsed = Date.now() - stoppedAt;
    expect(elapsed).toBeGreaterThanOrEqual(SILENCE_SEC * 1000 - 200);
    expect(elapsed).toBeLessThan((SILENCE_SEC + 3) * 1000);
    expect(timeout.silentForMs).toBeGreaterThanOrEqual(SILENCE_SEC * 1000);
    const failed = await ms.waitForEvent((e) => e.type === "media.call.leg_failed" && e.callId === callId);
    expect(failed).toMatchObject({ leg: "customer", reason: "media_timeout" });
    const closed = await ms.waitForEvent((e) => e.type === "media.call.room_closed" && e.callId === callId);
    expect(closed.reason).toBe("media_timeout");
  });

  it("refuses a malformed offer with 400 and the SdpError reason, and creates no room", async () => {
    const r = relay();
    const offer = await r.createOffer();
    const noFingerprint = offer.replace(/a=fingerprint:[^\r\n]*\r\n/, "");
    const res = await ms.control<{ error: { code: string; details: { reason: string } } }>("/control/calls/inbound", { callId: "call-bad-1", offerSdp: noFingerprint });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "INVALID_INPUT", details: { reason: "missing_fingerprint" } });
    expect((await ms.control("/control/calls/stats", { callId: "call-bad-1" })).status).toBe(404);
  });
  it("signalling: a token only joins its own call, and media requests need a joined call", async () => {
    const callId = "call-signalling-1";
    await inboundCall(callId);
    const open = async (tokenCallId: string | undefined): Promise<Socket> => {
      const { token } = mintMediaToken({ userId: "agent-9", workspaceId: "ws-1", role: "agent", callId: tokenCallId }, ms.secret);
      const socket = connectSocket(ms.baseUrl, { path: "/socket.io", auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    };
    const other = await open("some-other-call");
    const none = await open(undefined);
    const mine = await open(callId);
    try {
      expect(await other.timeout(5_000).emitWithAck("joinCall", { callId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await none.timeout(5_000).emitWithAck("joinCall", { callId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await mine.timeout(5_000).emitWithAck("createTransport", { direction: "recv" })).toMatchObject({ ok: false, error: { code: "INVALID_STATE" } });
      expect(await mine.timeout(5_000).emitWithAck("joinCall", { callId, as: "supervisor" })).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
      const joined = await mine.timeout(5_000).emitWithAck("joinCall", { callId });
      expect(joined).toMatchObject({ ok: true, data: { held: false, customerAudio: true } });
      expect(await mine.timeout(5_000).emitWithAck("produce", { transportId: "nope", kind: "video", rtpParameters: {} })).toMatchObject({
        ok: false,
        error: { code: "INVALID_INPUT" },
      });
      expect(await mine.timeout(5_000).emitWithAck("consume", { transportId: "nope", rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    } finally {
      for (const s of [other, none, mine]) s.close();
      await ms.control("/control/calls/close", { callId, reason: "test_done" });
    }
  });

  it("a mediasoup worker dying closes the rooms on it (worker_died) and the call media is freed", async () => {
    const callId = "call-worker-1";
    await inboundCall(callId);
    const health = (await (await fetch(`${ms.baseUrl}/health`)).json()) as { workers: { pid: number }[]; rooms: number };
    expect(health.rooms).toBe(1);
    process.kill(health.workers[0].pid, "SIGKILL");
    const closed = await ms.waitForEvent((e) => e.type === "media.call.room_closed" && e.callId === callId);
    expect(closed.reason).toBe("worker_died");
    expect((await ms.control("/control/calls/stats", { callId })).status).toBe(404);
    // The pool replaced the worker: a new call works.
    await pollUntil(async () => ((await (await fetch(`${ms.baseUrl}/health`)).json()) as { status: string }).status === "ok", 10_000, "worker replaced");
    const { relay: r } = await inboundCall("call-after-worker-1");
    await pollUntil(() => r.packetsReceived > 10, 5_000, "media after worker replacement");
    await ms.control("/control/calls/close", { callId: "call-after-worker-1", reason: "test_done" });
  });
  it("conference: with a second agent the customer hears both mixed and each agent hears the other; when one leaves, the other is relayed as is", async () => {
    const callId = "call-conference-1";
    const { relay: r } = await inboundCall(callId);
    const page = await agentJoins(callId, "agent-1");
    await expectCustomerHears(r, AGENT_HZ);
    const stats = () => ms.control<{ customer: { source: string } }>("/control/calls/stats", { callId }).then((x) => x.body.customer.source);
    expect(await stats()).toBe("agent");

    const second = await joinAsWeriftAgent({ url: ms.baseUrl, secret: ms.secret, callId, userId: "agent-2" });
    const frames = toneFrames(AGENT2_HZ);
    let i = 0;
    const talking = setInterval(() => second.send(frames[i++ % frames.length]), 20); // the agent's 20 ms frame clock
    try {
      // The customer hears both microphones at once: one stream, mixed by the gateway.
      const mixed = await pollUntil(
        () => {
          const d = r.detect([CUSTOMER_HZ, AGENT_HZ, AGENT2_HZ, HOLD_TONE_HZ], 600);
          return d.shares[AGENT_HZ] > 0.2 && d.shares[AGENT2_HZ] > 0.2 ? d : false;
        },
        10_000,
        "customer hears both agents",
      );
      expect(mixed.shares[CUSTOMER_HZ]).toBeLessThan(0.05);
      expect(await stats()).toBe("mix");
      // Agent 1 hears agent 2 (a peer consumer pushed to its browser) besides the customer…
      const peer = await pollUntil(
        async () => {
          const m = await agentHears(page, "peers");
          return Math.abs(m.peakHz - AGENT2_HZ) < 15 && m.peakDb > -60 ? m : false;
        },
        10_000,
        "agent 1 hears agent 2",
      );
      expect(Math.abs(peer.peakHz - AGENT2_HZ)).toBeLessThan(15);
      await expectAgentHearsCustomer(page);
      // …and agent 2 hears the customer.
      await pollUntil(() => second.detect([CUSTOMER_HZ, AGENT_HZ, AGENT2_HZ]).freq === CUSTOMER_HZ, 10_000, "agent 2 hears the customer");
    } finally {
      clearInterval(talking);
      await second.close();
    }
    // Agent 2 gone: agent 1's browser is told, and the customer hears agent 1 alone, relayed again.
    await pollUntil(
      async () => (await page.evaluate(() => (globalThis as unknown as { agent: { peers(): { closed: boolean }[] } }).agent.peers())).every((p) => p.closed),
      10_000,
      "agent 1 told that agent 2 left",
    );
    await expectCustomerHears(r, AGENT_HZ);
    await pollUntil(async () => (await stats()) === "agent", 5_000, "back to relaying one agent");
    await ms.control("/control/calls/close", { callId, reason: "test_done" });
  });

  it("Meta never completing DTLS ends the leg with connect_timeout", async () => {
    const callId = "call-noconnect-1";
    const r = relay();
    const offerSdp = await r.createOffer();
    const t0 = Date.now();
    expect((await ms.control("/control/calls/inbound", { callId, offerSdp })).status).toBe(200);
    // The relay never applies our answer, so it cannot complete the DTLS handshake.
    const failed = await ms.waitForEvent((e) => e.type === "media.call.leg_failed" && e.callId === callId, (CONNECT_TIMEOUT_SEC + 5) * 1000);
    expect(failed.reason).toBe("connect_timeout");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_SEC * 1000 - 200);
    const closed = await ms.waitForEvent((e) => e.type === "media.call.room_closed" && e.callId === callId);
    expect(closed.reason).toBe("connect_timeout");
  });
});
