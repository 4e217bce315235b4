import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintMediaToken } from "../../lib/media/token";
import { createMetaRelay, type MetaRelay } from "../../lib/sandbox/meta-relay/meta-relay";
import { startMediaServer, type MediaServerProcess } from "./helpers/media-server-process";

/**
 * Issue 4, accept → audio: the softphone keeps one socket open across calls, opened with a token
 * for the user alone, and each joinCall presents the call token web minted on accept. The real
 * media-server process; the fake Meta relay provides each call's customer leg.
 */
let ms: MediaServerProcess;
const relays: MetaRelay[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  ms = await startMediaServer();
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const r of relays) await r.close();
  await ms?.stop();
});

async function inboundCall(callId: string): Promise<void> {
  const r = createMetaRelay({ tone: 440 });
  relays.push(r);
  const res = await ms.control<{ answerSdp: string }>("/control/calls/inbound", { callId, offerSdp: await r.createOffer() });
  expect(res.status).toBe(200);
  await r.applyAnswer(res.body.answerSdp);
  await r.connected();
}

function token(o: { userId?: string; callId?: string; ttlSec?: number; nowSec?: number; secret?: string } = {}): string {
  return mintMediaToken({ userId: o.userId ?? "agent-1", workspaceId: "ws-1", role: "agent", callId: o.callId, ttlSec: o.ttlSec ?? 120, nowSec: o.nowSec }, o.secret ?? ms.secret).token;
}

async function open(auth: string): Promise<Socket> {
  const socket = connectSocket(ms.baseUrl, { path: "/socket.io", auth: { token: auth }, transports: ["websocket"], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

const ask = (s: Socket, name: string, payload: unknown) => s.timeout(5_000).emitWithAck(name, payload) as Promise<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string } }>;

describe("signalling: one standing socket across calls", () => {
  it("a user socket loads the router capabilities before any call, and they are every call router's", async () => {
    await inboundCall("standing-caps-1");
    const s = await open(token());
    const before = await ask(s, "getRouterRtpCapabilities", {});
    expect(before.ok).toBe(true);
    const joined = await ask(s, "joinCall", { callId: "standing-caps-1", token: token({ callId: "standing-caps-1" }) });
    expect(joined.ok).toBe(true);
    expect(before.data!.routerRtpCapabilities).toEqual(joined.data!.routerRtpCapabilities);
    await ms.control("/control/calls/close", { callId: "standing-caps-1", reason: "test_done" });
  });

  it("joins nothing without the call's token; refuses another user's, another call's, an expired or a forged one", async () => {
    const callId = "standing-refuse-1";
    await inboundCall(callId);
    const s = await open(token());
    try {
      expect(await ask(s, "joinCall", { callId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await ask(s, "joinCall", { callId, token: token({ callId, userId: "agent-2" }) })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await ask(s, "joinCall", { callId, token: token({ callId: "another-call" }) })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await ask(s, "joinCall", { callId, token: token() })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      const expired = token({ callId, ttlSec: 60, nowSec: Math.floor(Date.now() / 1000) - 120 });
      expect(await ask(s, "joinCall", { callId, token: expired })).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
      expect(await ask(s, "joinCall", { callId, token: token({ callId, secret: "not-the-media-secret-0123456789abcdef" }) })).toMatchObject({
        ok: false,
        error: { code: "UNAUTHENTICATED" },
      });
      // Refused joins leave the socket without a call: media requests still need one.
      expect(await ask(s, "createTransport", { direction: "recv" })).toMatchObject({ ok: false, error: { code: "INVALID_STATE" } });
    } finally {
      await ms.control("/control/calls/close", { callId, reason: "test_done" });
    }
  });

  it("joinCall with the Device's capabilities answers with both transports and the paused customer consumer; leave { callId } frees the leg and the socket serves the next call", async () => {
    await inboundCall("standing-a");
    await inboundCall("standing-b");
    const s = await open(token());
    const caps = (await ask(s, "getRouterRtpCapabilities", {})).data!.routerRtpCapabilities;
    const closed: unknown[] = [];
    s.on("legClosed", (p: unknown) => closed.push(p));

    const a = await ask(s, "joinCall", { callId: "standing-a", token: token({ callId: "standing-a" }), rtpCapabilities: caps });
    expect(a).toMatchObject({
      ok: true,
      data: {
        customerAudio: true,
        transports: { recv: { id: expect.any(String), iceCandidates: expect.any(Array) }, send: { id: expect.any(String) } },
        consumer: { kind: "audio", paused: true, producerId: expect.any(String) },
      },
    });
    const legA = a.data!.legId;
    // The batched transports are this leg's: a third one is refused.
    expect(await ask(s, "createTransport", { direction: "recv" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    let stats = await ms.control<{ agents: { legId: string }[] }>("/control/calls/stats", { callId: "standing-a" });
    expect(stats.body.agents.map((x) => x.legId)).toEqual([legA]);

    expect(await ask(s, "leave", { callId: "standing-a" })).toMatchObject({ ok: true });
    await expect.poll(() => closed).toEqual([expect.objectContaining({ callId: "standing-a", legId: legA })]);
    stats = await ms.control<{ agents: { legId: string }[] }>("/control/calls/stats", { callId: "standing-a" });
    expect(stats.body.agents).toEqual([]);
    expect(s.connected).toBe(true);

    const b = await ask(s, "joinCall", { callId: "standing-b", token: token({ callId: "standing-b" }), rtpCapabilities: caps });
    expect(b).toMatchObject({ ok: true, data: { transports: expect.any(Object), consumer: expect.any(Object) } });
    // Requests now act as call B's token.
    expect(await ask(s, "whoami", {})).toMatchObject({ ok: true, data: { callId: "standing-b" } });
    for (const callId of ["standing-a", "standing-b"]) await ms.control("/control/calls/close", { callId, reason: "test_done" });
  });
});
