import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User, Workspace } from "@prisma/client";
import { resetEnv } from "@/lib/core/env";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { startJobRunner, type JobRunner } from "@/lib/jobs/runner";
import { startSandbox, type RunningSandbox } from "@/lib/sandbox/server";
import { SANDBOX_DEFAULTS, resetWhatsAppConfig } from "@/lib/whatsapp/config";
import { signHubSignature } from "@/lib/whatsapp/signature";
import { joinAsWeriftAgent, type WeriftAgent } from "../bench/werift-agent";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Issue 4 — the call engine end to end over real HTTP: the sandbox plays Meta (fake Graph Calling
 * API, signed webhooks, the fake Meta relay as the WhatsApp user's media), a REAL media-server
 * process (mediasoup + werift gateway) reports to this app's /api/media/events, a werift agent joins
 * through the real socket.io signalling with the token the accept route returns, and the app's
 * own job runner processes webhooks and timers.
 */
const SECRET = "calls-engine-app-secret";
const MEDIA_SECRET = "calls-engine-media-secret-0123456789abcdef";
const ROOT = path.resolve(__dirname, "../..");
let t: TestDb;
let app: HttpApp;
let sandbox: RunningSandbox;
let bus: EventBus;
let runner: JobRunner;
let media: { url: string; child: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> };
let ws: Workspace;
let agent: User;
let cookie: string;
const agents: WeriftAgent[] = [];
const saved = { ...process.env };

async function startMedia(): Promise<typeof media> {
  const logs: string[] = [];
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["media-server/src/index.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", MEDIA_PORT: "0", MEDIA_HOST: "127.0.0.1", MEDIA_SERVER_SECRET: MEDIA_SECRET, MEDIA_WORKERS: "1", WEB_CALLBACK_URL: app.url, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      logs.push(line);
      if (line.includes('"media-server listening"')) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(() => reject(new Error(`media-server exited early:\n${logs.join("\n")}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  process.env.MEDIA_SERVER_URL = url;
  resetEnv();
  return {
    url,
    child,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}

async function control<T = Record<string, unknown>>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/control${p}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} ${p}: ${res.status}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function api<T = Record<string, unknown>>(method: string, p: string, body?: unknown, c = cookie): Promise<{ status: number; json: T }> {
  const res = await fetch(`${app.url}${p}`, { method, headers: { cookie: c, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

/** Waits for a database condition that webhooks, jobs and media events make true (bounded). */
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) {
      const calls = await t.db.call.findMany({ include: { events: true }, orderBy: { createdAt: "desc" }, take: 1 });
      const jobs = await t.db.job.findMany({ where: { name: "call.media_watchdog" }, orderBy: { createdAt: "desc" }, take: 3 });
      throw new Error(`timed out waiting for ${what}; last call: ${JSON.stringify(calls.map((c) => ({ status: c.status, endReason: c.endReason, mediaServerId: c.mediaServerId, events: c.events.map((e) => [e.type, e.data]) })))} jobs: ${JSON.stringify(jobs)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const callOf = (metaCallId: string) => t.db.call.findUnique({ where: { metaCallId } });
const callWith = (metaCallId: string, pred: (c: NonNullable<Awaited<ReturnType<typeof callOf>>>) => boolean, timeoutMs?: number) =>
  until(
    `call ${metaCallId}`,
    async () => {
      const c = await callOf(metaCallId);
      return c && pred(c) ? c : null;
    },
    timeoutMs,
  );

async function newUser(phone: string, name = "Asha"): Promise<string> {
  return (await control<{ key: string }>("POST", "/users", { phone, name })).key;
}

function signedWebhook(value: Record<string, unknown>, pad = ""): Promise<Response> {
  const body =
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ id: SANDBOX_DEFAULTS.wabaId, changes: [{ field: "calls", value: { messaging_product: "whatsapp", metadata: { display_phone_number: SANDBOX_DEFAULTS.displayPhoneNumber, phone_number_id: SANDBOX_DEFAULTS.phoneNumberId }, ...value } }] }],
    }) + pad;
  return fetch(`${app.url}/api/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signHubSignature(body, SECRET) }, body });
}

beforeAll(async () => {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "calls-it-"));
  process.env.MEDIA_SERVER_SECRET = MEDIA_SECRET;
  resetEnv();
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  sandbox = await startSandbox({ port: 0, appSecret: SECRET, webhookUrl: `${app.url}/api/webhooks/whatsapp` });
  delete process.env.WHATSAPP_ACCESS_TOKEN;
  process.env.WHATSAPP_GRAPH_URL = `${sandbox.url}/graph`;
  process.env.WHATSAPP_APP_SECRET = SECRET;
  process.env.WHATSAPP_VERIFY_TOKEN = "it-verify";
  process.env.WHATSAPP_PHONE_NUMBER_ID = SANDBOX_DEFAULTS.phoneNumberId;
  resetWhatsAppConfig();
  media = await startMedia();
  ws = await seedWorkspace(t.db);
  await t.db.workspace.update({ where: { id: ws.id }, data: { settings: { calling: { ringTimeoutSec: 5 } } } });
  agent = await t.db.user.update({ where: { id: (await seedUser(t.db, { workspaceId: ws.id, role: "agent" })).id }, data: { presence: "online" } });
  cookie = await sessionCookie(agent);
  runner = startJobRunner({ pollMs: 50, concurrency: 4 });
  (globalThis as unknown as { __jobRunner?: JobRunner }).__jobRunner = runner;
}, 60_000);

afterAll(async () => {
  for (const a of agents) await a.close().catch(() => undefined);
  await runner?.stop();
  (globalThis as unknown as { __jobRunner?: JobRunner }).__jobRunner = undefined;
  await media?.stop();
  await sandbox?.sender.idle();
  await sandbox?.close();
  await app?.close();
  setEventBus(undefined);
  await bus?.close();
  await t?.close();
  process.env = saved;
  resetWhatsAppConfig();
  resetEnv();
}, 30_000);

/** The user calls with real media; the agent accepts and joins the room; resolves when talking. */
async function answeredInboundCall(phone: string) {
  const key = await newUser(phone);
  const placed = await control<{ id: string }>("POST", `/users/${key}/calls`, { relay: true, tone: 440 });
  const ringing = await callWith(placed.id, (c) => c.status === "ringing" && ((c.data as { ringingAgentIds?: string[] }).ringingAgentIds ?? []).includes(agent.id));
  const sim = await control<{ state: string }>("GET", `/calls/${encodeURIComponent(placed.id)}`);
  expect(sim.state).toBe("pre_accepted");
  const accepted = await api<{ call: { status: string }; media: { token: string } }>("POST", `/api/calls/${ringing.id}/accept`);
  expect(accepted.status).toBe(200);
  expect(accepted.json.call.status).toBe("connecting");
  expect(accepted.json.media.token).toMatch(/\./);
  const werift = await joinAsWeriftAgent({ url: media.url, secret: MEDIA_SECRET, callId: ringing.id, userId: agent.id });
  agents.push(werift);
  const talking = await callWith(placed.id, (c) => c.status === "in_progress");
  await until("Meta accept", async () => (await control<{ state: string }>("GET", `/calls/${encodeURIComponent(placed.id)}`)).state === "accepted");
  return { key, wacid: placed.id, call: talking, werift };
}

describe("inbound calls", () => {
  it("connect → pre_accept → ring → accept → both legs up → Meta accept → user hangs up → completed with duration and a call entry in the thread", async () => {
    const { wacid, call, werift } = await answeredInboundCall("+91 98100 00001");
    // A second agent clicking accept after the first won: 409.
    const other = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
    expect((await api("POST", `/api/calls/${call.id}/accept`, undefined, await sessionCookie(other))).status).toBe(409);

    await control("POST", `/calls/${encodeURIComponent(wacid)}/hangup`, {});
    const ended = await callWith(wacid, (c) => c.status === "completed");
    expect(ended.endReason).toBe("customer_hangup");
    expect(ended.durationSec).not.toBeNull();
    expect(ended.answeredAt).not.toBeNull();
    await werift.close();

    const msg = await until("call message", () => t.db.message.findFirst({ where: { conversationId: ended.conversationId!, type: "call" } }));
    expect(msg.direction).toBe("inbound");
    expect(msg.content).toMatchObject({ callId: call.id, status: "completed" });

    const detail = await api<{ status: string; events: { type: string }[]; legs: { kind: string; leftAt: string | null }[] }>("GET", `/api/v1/calls/${call.id}`);
    expect(detail.status).toBe(200);
    expect(detail.json.events.map((e) => e.type)).toEqual(expect.arrayContaining(["connect", "ring", "accept", "leg_connected", "terminate"]));
    expect(detail.json.legs.map((l) => l.kind).sort()).toEqual(["agent", "customer"]);
    expect(detail.json.legs.every((l) => l.leftAt !== null)).toBe(true);
    const list = await api<{ data: { id: string }[] }>("GET", `/api/v1/calls?status=completed&direction=inbound&phone=9810000001`);
    expect(list.json.data.map((c) => c.id)).toEqual([call.id]);
  }, 60_000);

  it("no agent answers within the ring timeout → abandoned, Meta reject, and the abandon-recovery permission request in the inbox", async () => {
    const key = await newUser("+91 98100 00002");
    const placed = await control<{ id: string }>("POST", `/users/${key}/calls`, { relay: true, tone: 440 });
    await callWith(placed.id, (c) => c.status === "ringing");
    const ended = await callWith(placed.id, (c) => c.status === "abandoned", 20_000);
    expect(ended.endReason).toBe("ring_timeout");
    await until("sandbox call ended", async () => (await control<{ state: string }>("GET", `/calls/${encodeURIComponent(placed.id)}`)).state === "ended");
    // Accepted by Meta: "sent", or already further along when the sandbox's status webhooks came quickly.
    const request = await until("permission request", () =>
      t.db.message.findFirst({ where: { conversationId: ended.conversationId!, type: "interactive", status: { in: ["sent", "delivered", "read"] } } }),
    );
    expect(request.content).toMatchObject({ kind: "call_permission_request", reason: "abandon" });
    expect(request.metaId).toMatch(/^wamid\./);
    expect(await t.db.callPermission.findUnique({ where: { contactId: ended.contactId } })).toMatchObject({ status: "requested" });
    // The call entry is written when the ended call is finalised, which may come after the request.
    const thread = await until("call entry in the thread", () => t.db.message.findFirst({ where: { conversationId: ended.conversationId!, type: "call" } }));
    expect(thread.body).toMatch(/Missed/);
  }, 40_000);

  it("terminate before connect leaves a tombstone; the late connect creates no media leg; duplicates are stored once", async () => {
    const wacid = "wacid.TEST_TBC_1";
    const from = "919810000003";
    const contacts = [{ profile: { name: "Ravi" }, wa_id: from }];
    const ts = String(Math.floor(Date.now() / 1000));
    const offer = fs.readFileSync("tests/fixtures/sdp/meta-uic-offer-2025-10.sdp", "utf8");
    expect((await signedWebhook({ contacts, calls: [{ id: wacid, from, to: SANDBOX_DEFAULTS.displayPhoneNumber, event: "terminate", timestamp: ts, direction: "USER_INITIATED", status: "COMPLETED" }] })).status).toBe(200);
    const tomb = await callWith(wacid, (c) => c.status === "missed");
    expect(tomb.endReason).toBe("terminated_before_connect");
    const connect = { contacts, calls: [{ id: wacid, from, to: SANDBOX_DEFAULTS.displayPhoneNumber, event: "connect", timestamp: ts, direction: "USER_INITIATED", session: { sdp_type: "offer", sdp: offer } }] };
    await signedWebhook(connect);
    await signedWebhook(connect, " "); // same event, different delivery bytes (Meta re-batches)
    await until("deliveries processed", async () => (await t.db.webhookDelivery.count({ where: { processedAt: null } })) === 0);
    expect((await callOf(wacid))!.status).toBe("missed");
    expect(await t.db.call.count({ where: { metaCallId: wacid } })).toBe(1);
    expect(await t.db.callLeg.count({ where: { callId: tomb.id } })).toBe(0);
    expect(await t.db.callEvent.count({ where: { callId: tomb.id } })).toBe(1);
  }, 30_000);
});

describe("outbound calls", () => {
  it("missing permission → 409 NO_PERMISSION → request → user grants → call → RINGING/ACCEPTED → agent hangs up → completed", async () => {
    const key = await newUser("+91 98100 00004", "Meera");
    await control("POST", `/users/${key}/messages`, { type: "text", text: "please call me", wait: true });
    const contact = await until("contact", () => t.db.contact.findFirst({ where: { workspaceId: ws.id, waId: "919810000004" } }));
    await until("conversation", () => t.db.conversation.findFirst({ where: { contactId: contact.id } }));

    const refused = await api<{ error: { code: string; details: { reason: string; action: { href: string } } } }>("POST", "/api/calls/outbound", { contactId: contact.id });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details.reason).toBe("NO_PERMISSION");
    expect(refused.json.error.details.action.href).toBe("/api/calls/permission-request");

    const req = await api<{ permission: { status: string } }>("POST", "/api/calls/permission-request", { contactId: contact.id });
    expect(req.status).toBe(200);
    expect(req.json.permission.status).toBe("requested");
    await control("POST", `/users/${key}/call-permission`, { response: "accept" });
    await until("permission granted", async () => (await t.db.callPermission.findUnique({ where: { contactId: contact.id } }))?.status === "granted");

    await control("POST", `/users/${key}/call-media`, { relay: true, tone: 440 });
    const dial = await api<{ call: { id: string; status: string } }>("POST", "/api/calls/outbound", { contactId: contact.id });
    expect(dial.status).toBe(200);
    const callId = dial.json.call.id;
    const withWacid = await until("wacid", async () => (await t.db.call.findUnique({ where: { id: callId } }))?.metaCallId ?? null);
    const werift = await joinAsWeriftAgent({ url: media.url, secret: MEDIA_SECRET, callId, userId: agent.id });
    agents.push(werift);
    await until("ringing", async () => (await t.db.call.findUnique({ where: { id: callId } }))?.status === "ringing");
    await control("POST", `/calls/${encodeURIComponent(withWacid)}/answer`, { tone: 440 });
    await until("in progress", async () => (await t.db.call.findUnique({ where: { id: callId } }))?.status === "in_progress");

    const held = await api<{ status: string }>("POST", `/api/calls/${callId}/hold`);
    expect(held.json.status).toBe("on_hold");
    expect((await api<{ status: string }>("POST", `/api/calls/${callId}/resume`)).json.status).toBe("in_progress");
    const hung = await api<{ status: string; endReason: string }>("POST", `/api/calls/${callId}/hangup`);
    expect(hung.json).toMatchObject({ status: "completed", endReason: "agent_hangup" });
    await until("sandbox ended", async () => (await control<{ state: string }>("GET", `/calls/${encodeURIComponent(withWacid)}`)).state === "ended");
    await werift.close();
    const msg = await until("call message", () => t.db.message.findFirst({ where: { contactId: contact.id, type: "call" } }));
    expect(msg.direction).toBe("outbound");
  }, 60_000);

  it("Meta's refusal codes reach the agent with Meta's text (daily limit 138012)", async () => {
    const contact = await t.db.contact.findFirstOrThrow({ where: { workspaceId: ws.id, waId: "919810000004" } });
    await control("POST", "/calling/failures", { code: 138012, action: "connect" });
    const r = await api<{ error: { code: string; message: string; details: { reason: string; metaCode: number; callId: string } } }>("POST", "/api/calls/outbound", { contactId: contact.id });
    expect(r.status).toBe(409);
    expect(r.json.error.details).toMatchObject({ reason: "META_REFUSED", metaCode: 138012, cause: "daily_call_limit" });
    // Meta's own text, as the sandbox (like Meta) sent it.
    expect(r.json.error.message).toBe("Business initiated calls limit reached");
    const call = await t.db.call.findUniqueOrThrow({ where: { id: r.json.error.details.callId } });
    expect(call.status).toBe("failed");
    expect(call.data).toMatchObject({ error: { code: 138012 } });
  }, 30_000);
});

describe("agent keypad (issue 4)", () => {
  it("digits reach the WhatsApp user in-band (sent: true); with the media-server unreachable the agent is told and the timeline says sent: false", async () => {
    const { wacid, call, werift } = await answeredInboundCall("+91 98100 00007");
    expect((await api("POST", `/api/calls/${call.id}/dtmf`, { digits: "7*" })).status).toBe(200);
    const heard = await until("the relay to decode the digits", async () => {
      const sim = await control<{ media: { receivedDtmf: string } }>("GET", `/calls/${encodeURIComponent(wacid)}`);
      return sim.media.receivedDtmf.length >= 2 ? sim.media.receivedDtmf : null;
    });
    expect(heard).toBe("7*");

    const live = process.env.MEDIA_SERVER_URL;
    process.env.MEDIA_SERVER_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    resetEnv();
    let refused: { status: number; json: { error: { code: string; message: string } } };
    try {
      refused = await api<{ error: { code: string; message: string } }>("POST", `/api/calls/${call.id}/dtmf`, { digits: "9" });
    } finally {
      process.env.MEDIA_SERVER_URL = live;
      resetEnv();
    }
    expect(refused.status).toBe(503);
    expect(refused.json.error).toEqual({ code: "UNAVAILABLE", message: "The keypad digits were not sent: the media server is not reachable." });
    const events = await t.db.callEvent.findMany({ where: { callId: call.id, type: "dtmf" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.data)).toEqual([
      { from: "agent", digits: "7*", sent: true },
      { from: "agent", digits: "9", sent: false, error: "The keypad digits were not sent: the media server is not reachable." },
    ]);
    await control("POST", `/calls/${encodeURIComponent(wacid)}/hangup`, {});
    await callWith(wacid, (c) => c.status === "completed");
    await werift.close();
  }, 60_000);
});

describe("media-server failures", () => {
  it("media-server unreachable → the inbound call is rejected at once and calling shows unavailable", async () => {
    const live = process.env.MEDIA_SERVER_URL;
    process.env.MEDIA_SERVER_URL = "http://127.0.0.1:9"; // discard port: nothing listens
    resetEnv();
    try {
      expect((await api<{ available: boolean; reason: string }>("GET", "/api/calls/status")).json).toEqual({ available: false, reason: "media_server_unreachable" });
      const key = await newUser("+91 98100 00005");
      const placed = await control<{ id: string }>("POST", `/users/${key}/calls`, {});
      const ended = await callWith(placed.id, (c) => c.status === "rejected", 5_000);
      expect(ended.endReason).toBe("media_setup_failed");
      await until("sandbox ended", async () => (await control<{ state: string }>("GET", `/calls/${encodeURIComponent(placed.id)}`)).state === "ended");
    } finally {
      process.env.MEDIA_SERVER_URL = live;
      resetEnv();
    }
    expect((await api<{ available: boolean }>("GET", "/api/calls/status")).json.available).toBe(true);
  }, 20_000);

  it("media-server killed mid-call → the live call ends as failed within seconds", async () => {
    const { wacid } = await answeredInboundCall("+91 98100 00006");
    // Kill the media-server's own node process (the pid /health reports; tsx runs it as a child).
    const { pid } = (await (await fetch(`${media.url}/health`)).json()) as { pid: number };
    process.kill(pid, "SIGKILL");
    const started = Date.now();
    const ended = await callWith(wacid, (c) => c.status === "failed", 10_000);
    expect(ended.endReason).toBe("media_server_lost");
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 60_000);
});
