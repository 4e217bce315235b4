import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { User, Workspace } from "@prisma/client";
import { resetEnv } from "@/lib/core/env";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { parseEvent, splitFrames, type AnyParsedEvent } from "@/lib/events/events";
import { runJobsOnce } from "@/lib/jobs/runner";
import { startSandbox, type RunningSandbox } from "@/lib/sandbox/server";
import { SANDBOX_DEFAULTS, resetWhatsAppConfig } from "@/lib/whatsapp/config";
import { signHubSignature } from "@/lib/whatsapp/signature";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Issue 3, server side, end to end over real HTTP: the sandbox plays Meta (fake Graph API + signed
 * webhook sender) and posts to the app's /api/webhooks/whatsapp; jobs run with runJobsOnce.
 */
const SECRET = "it-app-secret";
const PNID = SANDBOX_DEFAULTS.phoneNumberId;
let t: TestDb;
let app: HttpApp;
let sandbox: RunningSandbox;
let bus: EventBus;
let ws: Workspace;
let agent: User;
let admin: User;
let cookie: string;
let adminCookie: string;
const saved = { ...process.env };

async function control<T = Record<string, unknown>>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/control${p}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${p}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function api<T = Record<string, unknown>>(method: string, p: string, body?: unknown, c = cookie): Promise<{ status: number; json: T }> {
  const res = await fetch(`${app.url}${p}`, {
    method,
    headers: { cookie: c, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Runs due jobs until none is left (the clock may be moved to reach backed-off retries). */
async function drain(now: () => Date = () => new Date()): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await runJobsOnce({ now, limit: 20 });
    if (r.claimed === 0) return;
  }
  throw new Error("jobs did not drain");
}

async function newUser(phone: string, name: string): Promise<string> {
  return (await control<{ key: string }>("POST", "/users", { phone, name })).key;
}

async function userSends(key: string, m: Record<string, unknown>): Promise<string> {
  const r = await control<{ wamid: string; delivery?: { delivered: boolean; lastStatus: number | null } }>("POST", `/users/${key}/messages`, { ...m, wait: true });
  expect(r.delivery).toMatchObject({ delivered: true, lastStatus: 200 });
  return r.wamid;
}

function signedPost(body: string, signature = signHubSignature(body, SECRET)): Promise<Response> {
  return fetch(`${app.url}/api/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signature }, body });
}

function envelope(value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: SANDBOX_DEFAULTS.wabaId, changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: SANDBOX_DEFAULTS.displayPhoneNumber, phone_number_id: PNID }, ...value } }] }],
  };
}

const inbound = (waId: string, wamid: string, text: string, ts = Math.floor(Date.now() / 1000)) =>
  envelope({ contacts: [{ profile: { name: "Ravi" }, wa_id: waId }], messages: [{ from: waId, id: wamid, timestamp: String(ts), type: "text", text: { body: text } }] });

const status = (wamid: string, s: string, waId: string, extra: Record<string, unknown> = {}) =>
  envelope({ statuses: [{ id: wamid, status: s, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: waId, ...extra }] });

async function conversationOf(waId: string): Promise<{ id: string; contactId: string }> {
  const c = await t.db.contact.findFirstOrThrow({ where: { workspaceId: ws.id, waId } });
  return t.db.conversation.findFirstOrThrow({ where: { contactId: c.id }, select: { id: true, contactId: true } });
}

/** A minimal SSE client over fetch, parsing frames with the app's own parser. */
async function sse(c: string): Promise<{ waitFor(pred: (e: AnyParsedEvent) => boolean): Promise<AnyParsedEvent>; close(): void }> {
  const abort = new AbortController();
  const res = await fetch(`${app.url}/api/events`, { headers: { cookie: c, accept: "text/event-stream" }, signal: abort.signal });
  const seen: AnyParsedEvent[] = [];
  const waiters: { pred: (e: AnyParsedEvent) => boolean; resolve: (e: AnyParsedEvent) => void }[] = [];
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const { frames, rest } = splitFrames(buffer + value);
        buffer = rest;
        for (const f of frames) {
          const e = parseEvent(f);
          if (!e) continue;
          seen.push(e);
          for (const w of [...waiters]) if (w.pred(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    } catch {
      // aborted by close(): the stream ends here on purpose
    }
  })();
  return {
    waitFor: (pred) => {
      const hit = seen.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => abort.abort(),
  };
}

beforeAll(async () => {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "wa-it-"));
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
  process.env.WHATSAPP_PHONE_NUMBER_ID = PNID;
  resetWhatsAppConfig();
  ws = await seedWorkspace(t.db);
  agent = await t.db.user.update({ where: { id: (await seedUser(t.db, { workspaceId: ws.id, role: "agent" })).id }, data: { presence: "online" } });
  admin = await seedUser(t.db, { workspaceId: ws.id, role: "admin" });
  cookie = await sessionCookie(agent);
  adminCookie = await sessionCookie(admin);
});

afterAll(async () => {
  await sandbox?.sender.idle();
  await sandbox?.close();
  await app?.close();
  setEventBus(undefined);
  await bus?.close();
  await t?.close();
  process.env = saved;
  resetWhatsAppConfig();
  resetEnv();
});

beforeEach(async () => {
  await sandbox.sender.idle();
  await control("POST", "/webhook", { retryBaseMs: 5, autoDeliver: true, duplicateNext: 0, reorderStatuses: false });
  await control("DELETE", "/failures");
});

describe("webhook endpoint", () => {
  it("answers Meta's verification handshake and refuses a wrong token", async () => {
    const ok = await fetch(`${app.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=it-verify&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe("1158201444");
    const bad = await fetch(`${app.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it("rejects an invalid or missing signature with 401 and stores nothing", async () => {
    const before = await t.db.webhookDelivery.count();
    const jobs = await t.db.job.count();
    const body = JSON.stringify(inbound("919800000001", "wamid.badsig", "hi"));
    expect((await signedPost(body, signHubSignature(body, "wrong-secret"))).status).toBe(401);
    expect((await fetch(`${app.url}/api/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(401);
    expect(await t.db.webhookDelivery.count()).toBe(before);
    expect(await t.db.job.count()).toBe(jobs);
    await drain();
    expect(await t.db.message.findUnique({ where: { metaId: "wamid.badsig" } })).toBeNull();
  });

  it("stores malformed JSON with a valid signature, answers 200 and processes nothing", async () => {
    const res = await signedPost("{not json");
    expect(res.status).toBe(200);
    const row = await t.db.webhookDelivery.findFirstOrThrow({ where: { body: "{not json" } });
    expect(row.error).toBe("Malformed JSON");
    expect(await t.db.job.count({ where: { payload: { equals: { deliveryId: row.id } } } })).toBe(0);
  });
});

describe("inbound messages", () => {
  it("webhook → stored → processed → visible through v1 and on SSE", async () => {
    const stream = await sse(cookie);
    const key = await newUser("+91 98111 00001", "Asha Verma");
    const deliveriesBefore = await t.db.webhookDelivery.count();
    const wamid = await userSends(key, { type: "text", text: "नमस्ते, price for 2BHK? 👋 a/b" });
    // Stored raw before processing, with its processing job queued.
    const msgBefore = await t.db.message.findUnique({ where: { metaId: wamid } });
    expect(msgBefore).toBeNull();
    expect((await t.db.webhookDelivery.count()) - deliveriesBefore).toBe(1);
    expect(await t.db.job.count({ where: { name: "whatsapp.process_delivery", status: "queued" } })).toBe(1);
    await drain();

    const list = await api<{ data: { id: string; contact: { waId: string; name: string; phone: string }; unreadCount: number; lastMessageText: string; windowExpiresAt: string; assignee: { id: string } | null }[] }>("GET", "/api/v1/conversations?status=open&assignee=all");
    expect(list.status).toBe(200);
    const conv = list.json.data.find((c) => c.contact.waId === "919811100001")!;
    expect(conv).toMatchObject({ unreadCount: 1, lastMessageText: "नमस्ते, price for 2BHK? 👋 a/b", contact: { name: "Asha Verma", phone: "+919811100001" } });
    expect(new Date(conv.windowExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // Automatic assignment: the only online agent.
    expect(conv.assignee?.id).toBe(agent.id);

    const thread = await api<{ data: { metaId: string; direction: string; status: string; body: string }[] }>("GET", `/api/v1/conversations/${conv.id}/messages`);
    expect(thread.json.data).toHaveLength(1);
    expect(thread.json.data[0]).toMatchObject({ metaId: wamid, direction: "inbound", status: "received" });

    const event = await stream.waitFor((e) => e.type === "message.created" && e.data.message?.metaId === wamid);
    expect(event.type === "message.created" && event.data.conversationId).toBe(conv.id);
    await stream.waitFor((e) => e.type === "conversation.updated" && e.data.conversationId === conv.id);
    stream.close();

    // Search by message text, by name and by phone.
    for (const q of ["2bhk", "asha", "98111"]) {
      const r = await api<{ data: { id: string }[] }>("GET", `/api/v1/conversations?q=${encodeURIComponent(q)}`);
      expect(r.json.data.map((c) => c.id), q).toContain(conv.id);
    }
    expect((await api<{ data: unknown[] }>("GET", "/api/v1/conversations?q=zzzz-nothing")).json.data).toHaveLength(0);

    // Reading it: unread 0 and a mark-read job that gives the customer blue ticks.
    const read = await api<{ unreadCount: number }>("POST", `/api/v1/conversations/${conv.id}/read`);
    expect(read.json.unreadCount).toBe(0);
    await drain();
    const inbox = await control<{ sent: { wamid: string; readByBusiness: boolean }[] }>("GET", `/users/${key}/inbox`);
    expect(JSON.stringify(inbox)).toContain(wamid);
  });

  it("the same delivery twice → stored once, one message", async () => {
    const key = await newUser("+91 98111 00002", "Dup");
    await control("POST", "/webhook", { duplicateNext: 1 });
    const before = await t.db.webhookDelivery.count();
    const wamid = await userSends(key, { type: "text", text: "twice" });
    await sandbox.sender.idle();
    const deliveries = await control<{ data: { summary: string; duplicateOf?: number }[] }>("GET", "/deliveries");
    expect(JSON.stringify(deliveries)).toContain("duplicateOf");
    // Meta's serialiser escapes "/" as "\/" and wamids are base64, so count rows rather than search bodies.
    expect((await t.db.webhookDelivery.count()) - before).toBe(1);
    await drain();
    expect(await t.db.message.count({ where: { metaId: wamid } })).toBe(1);
  });

  it("the same message in two different deliveries → one message", async () => {
    const a = JSON.stringify(inbound("919811100003", "wamid.twodeliveries", "hello"));
    const b = JSON.stringify(inbound("919811100003", "wamid.twodeliveries", "hello"), null, 1); // other bytes, same event
    expect((await signedPost(a)).status).toBe(200);
    expect((await signedPost(b)).status).toBe(200);
    expect(await t.db.webhookDelivery.count({ where: { body: { contains: "wamid.twodeliveries" } } })).toBe(2);
    await drain();
    expect(await t.db.message.count({ where: { metaId: "wamid.twodeliveries" } })).toBe(1);
    const conv = await conversationOf("919811100003");
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).unreadCount).toBe(1);
  });

  it("concurrent deliveries for a new contact → one conversation", async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => JSON.stringify(inbound("919811100004", `wamid.conc.${i}`, `m${i}`)));
    const results = await Promise.all(bodies.map((b) => signedPost(b)));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 200));
    await drain();
    const contact = await t.db.contact.findFirstOrThrow({ where: { waId: "919811100004" } });
    expect(await t.db.conversation.count({ where: { contactId: contact.id } })).toBe(1);
    expect(await t.db.message.count({ where: { contactId: contact.id } })).toBe(6);
    expect((await t.db.conversation.findFirstOrThrow({ where: { contactId: contact.id } })).unreadCount).toBe(6);
  });

  it("an unknown message type is stored with its raw payload as unsupported", async () => {
    const body = JSON.stringify(envelope({ contacts: [{ profile: { name: "X" }, wa_id: "919811100005" }], messages: [{ from: "919811100005", id: "wamid.future", timestamp: String(Math.floor(Date.now() / 1000)), type: "hologram", hologram: { beam: 1 } }] }));
    expect((await signedPost(body)).status).toBe(200);
    await drain();
    const m = await t.db.message.findUniqueOrThrow({ where: { metaId: "wamid.future" } });
    expect(m.type).toBe("unsupported");
    expect(JSON.stringify(m.raw)).toContain("hologram");
  });
});

describe("media", () => {
  // 1×1 PNG.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

  it("inbound image is downloaded at once, stored encrypted and served to the workspace only", async () => {
    const key = await newUser("+91 98111 00010", "Pic");
    const wamid = await userSends(key, { type: "image", dataBase64: png.toString("base64"), mimeType: "image/png", caption: "site photo" });
    await drain();
    const m = await t.db.message.findUniqueOrThrow({ where: { metaId: wamid }, include: { mediaFile: true } });
    expect(m.mediaFile).not.toBeNull();
    // Encrypted at rest: the file on disk is not the PNG.
    const onDisk = fs.readFileSync(path.join(process.env.DATA_DIR!, "media", m.mediaFile!.storageKey));
    expect(onDisk.includes(png)).toBe(false);
    const thread = await api<{ data: { media: { url: string; mime: string; size: number } | null; body: string }[] }>("GET", `/api/v1/conversations/${m.conversationId}/messages`);
    const media = thread.json.data[0].media!;
    expect(media).toMatchObject({ mime: "image/png", size: png.length });
    const res = await fetch(`${app.url}${media.url}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${app.url}${media.url}`)).status).toBe(401);
    const other = await seedWorkspace(t.db);
    const stranger = await seedUser(t.db, { workspaceId: other.id, role: "admin" });
    expect((await fetch(`${app.url}${media.url}`, { headers: { cookie: await sessionCookie(stranger) } })).status).toBe(404);
  });

  it("outbound: upload → send → the sandbox received the image", async () => {
    const key = await newUser("+91 98111 00011", "Out");
    await userSends(key, { type: "text", text: "send me the brochure" });
    await drain();
    const conv = await conversationOf("919811100011");
    const form = new FormData();
    form.set("file", new Blob([png], { type: "image/png" }), "plan.png");
    const up = await fetch(`${app.url}/api/v1/media`, { method: "POST", headers: { cookie }, body: form });
    expect(up.status).toBe(201);
    const file = (await up.json()) as { id: string; mime: string; size: number };
    expect(file).toMatchObject({ mime: "image/png", size: png.length });

    const bad = new FormData();
    bad.set("file", new Blob([Buffer.from("MZ")], { type: "application/x-msdownload" }), "x.exe");
    expect((await fetch(`${app.url}/api/v1/media`, { method: "POST", headers: { cookie }, body: bad })).status).toBe(415);

    const sent = await api<{ id: string; status: string; type: string }>("POST", `/api/v1/conversations/${conv.id}/messages`, { type: "media", mediaId: file.id, mediaType: "image", caption: "Floor plan" });
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({ status: "pending", type: "image" });
    await drain();
    const row = await t.db.message.findUniqueOrThrow({ where: { id: sent.json.id } });
    expect(row.metaId).toBeTruthy();
    const out = sandbox.store.outbound.get(row.metaId!)!;
    expect(out.type).toBe("image");
    const mediaId = (out.request.image as { id: string }).id;
    expect(sandbox.store.media.get(mediaId)!.bytes.equals(png)).toBe(true);
    expect((out.request.image as { caption: string }).caption).toBe("Floor plan");
  });
});

describe("outbound messages", () => {
  async function chattingConversation(phone: string, digits: string): Promise<{ key: string; convId: string }> {
    const key = await newUser(phone, `User ${digits}`);
    await userSends(key, { type: "text", text: "hi" });
    await drain();
    return { key, convId: (await conversationOf(digits)).id };
  }

  it("statuses out of order: read before delivered; delivered after read ignored; failed after sent applied", async () => {
    await control("POST", "/webhook", { autoDeliver: false });
    const { convId } = await chattingConversation("+91 98111 00020", "919811100020");
    const m1 = await api<{ id: string }>("POST", `/api/v1/conversations/${convId}/messages`, { type: "text", text: "first" });
    const m2 = await api<{ id: string }>("POST", `/api/v1/conversations/${convId}/messages`, { type: "text", text: "second" });
    await drain();
    await sandbox.sender.idle();
    await drain();
    const w1 = (await t.db.message.findUniqueOrThrow({ where: { id: m1.json.id } })).metaId!;
    const w2 = (await t.db.message.findUniqueOrThrow({ where: { id: m2.json.id } })).metaId!;
    expect((await t.db.message.findUniqueOrThrow({ where: { id: m1.json.id } })).status).toBe("sent");

    await signedPost(JSON.stringify(status(w1, "read", "919811100020")));
    await drain();
    await signedPost(JSON.stringify(status(w1, "delivered", "919811100020")));
    await drain();
    expect((await t.db.message.findUniqueOrThrow({ where: { id: m1.json.id } })).status).toBe("read");

    const failed = status(w2, "failed", "919811100020", {
      errors: [{ code: 131026, title: "Message undeliverable", message: "Message undeliverable", error_data: { details: "Recipient is not a valid WhatsApp user" } }],
    });
    await signedPost(JSON.stringify(failed));
    await drain();
    const thread = await api<{ data: { id: string; status: string; error: { code: number; title: string; message: string } | null }[] }>("GET", `/api/v1/conversations/${convId}/messages`);
    const dto = thread.json.data.find((m) => m.id === m2.json.id)!;
    expect(dto.status).toBe("failed");
    expect(dto.error).toEqual({ code: 131026, title: "Message undeliverable", message: "Recipient is not a valid WhatsApp user" });
    // A late `read` cannot resurrect a failed message, nor move a read one back.
    await signedPost(JSON.stringify(status(w2, "sent", "919811100020")));
    await drain();
    expect((await t.db.message.findUniqueOrThrow({ where: { id: m2.json.id } })).status).toBe("failed");
  });

  it("Graph 429 → retried with backoff, then dead-lettered and shown as failed with Meta's text; retry sends it", async () => {
    const { key, convId } = await chattingConversation("+91 98111 00021", "919811100021");
    await control("POST", "/failures", { mode: "429", count: 50 });
    const sent = await api<{ id: string }>("POST", `/api/v1/conversations/${convId}/messages`, { type: "text", text: "are you there?" });
    let clock = Date.now();
    const runAts: number[] = [];
    for (let i = 0; i < 10; i++) {
      await runJobsOnce({ now: () => new Date(clock), random: () => 0.5 });
      const job = await t.db.job.findFirstOrThrow({ where: { idempotencyKey: `whatsapp.send_message:${sent.json.id}` } });
      if (job.status === "dead") break;
      expect(job.status).toBe("failed");
      runAts.push(job.runAt.getTime() - clock);
      clock = job.runAt.getTime() + 1;
    }
    const job = await t.db.job.findFirstOrThrow({ where: { idempotencyKey: `whatsapp.send_message:${sent.json.id}` } });
    expect(job.status).toBe("dead");
    expect(job.attempts).toBe(5);
    // Exponential backoff: each wait longer than the one before.
    expect(runAts.length).toBe(4);
    for (let i = 1; i < runAts.length; i++) expect(runAts[i]).toBeGreaterThan(runAts[i - 1]);
    const msg = await api<{ data: { id: string; status: string; error: { code: number; title: string; message: string } }[] }>("GET", `/api/v1/conversations/${convId}/messages`);
    const dto = msg.json.data.find((m) => m.id === sent.json.id)!;
    expect(dto.status).toBe("failed");
    expect(dto.error.code).toBe(130429);
    expect(`${dto.error.title} ${dto.error.message}`).toMatch(/throughput|Rate limit/i);

    await control("DELETE", "/failures");
    const retried = await api<{ status: string }>("POST", `/api/v1/messages/${sent.json.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.json.status).toBe("pending");
    await drain();
    const after = await t.db.message.findUniqueOrThrow({ where: { id: sent.json.id } });
    expect(after.status).not.toBe("failed");
    expect(after.metaId).toBeTruthy();
    const inbox = await control<Record<string, unknown>>("GET", `/users/${key}/inbox`);
    expect(JSON.stringify(inbox)).toContain(after.metaId!);
  });

  it("window closed → free text refused, a template goes out", async () => {
    const { key, convId } = await chattingConversation("+91 98111 00022", "919811100022");
    await t.db.conversation.update({ where: { id: convId }, data: { windowExpiresAt: new Date(Date.now() - 1000) } });
    const refused = await api<{ error: { code: string; message: string } }>("POST", `/api/v1/conversations/${convId}/messages`, { type: "text", text: "still there?" });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({ code: "INVALID_STATE", message: "The 24-hour window is closed; send a template", details: expect.anything() });

    const sync = await api<{ synced: number; data: { name: string; parameterCounts: { body: number } }[] }>("POST", "/api/v1/templates/sync", undefined, adminCookie);
    expect(sync.status).toBe(200);
    expect(sync.json.data.find((x) => x.name === "order_update")?.parameterCounts.body).toBe(3);
    expect((await api("POST", "/api/v1/templates/sync")).status).toBe(403);

    const wrongCount = await api("POST", `/api/v1/conversations/${convId}/messages`, { type: "template", name: "order_update", language: "en_US", parameters: { body: ["Asha"] } });
    expect(wrongCount.status).toBe(400);
    const sent = await api<{ id: string; body: string; status: string }>("POST", `/api/v1/conversations/${convId}/messages`, { type: "template", name: "order_update", language: "en_US", parameters: { body: ["Asha", "ON-1", "Friday"] } });
    expect(sent.status).toBe(201);
    expect(sent.json.body).toBe("Hi Asha, your order ON-1 has been dispatched and will reach you by Friday.");
    await drain();
    const row = await t.db.message.findUniqueOrThrow({ where: { id: sent.json.id } });
    expect(row.metaId).toBeTruthy();
    expect(["sent", "delivered", "read"]).toContain(row.status);
    const out = sandbox.store.outbound.get(row.metaId!)!;
    expect(out.type).toBe("template");
    expect(out.userKey).toBe(key);
  });
});

describe("conversation commands", () => {
  it("assign (same workspace only), labels, notes, resolve / reopen, viewers", async () => {
    const key = await newUser("+91 98111 00030", "Cmd");
    await userSends(key, { type: "text", text: "hello" });
    await drain();
    const { id } = await conversationOf("919811100030");
    const other = await seedWorkspace(t.db);
    const outsider = await seedUser(t.db, { workspaceId: other.id });
    expect((await api("POST", `/api/v1/conversations/${id}/assign`, { assigneeId: outsider.id })).status).toBe(400);
    expect((await api<{ assignee: null }>("POST", `/api/v1/conversations/${id}/assign`, { assigneeId: null })).json.assignee).toBeNull();
    expect((await api<{ data: { id: string }[] }>("GET", "/api/v1/conversations?assignee=unassigned")).json.data.map((c) => c.id)).toContain(id);
    expect((await api<{ assignee: { id: string } }>("POST", `/api/v1/conversations/${id}/assign`, { assigneeId: agent.id })).json.assignee.id).toBe(agent.id);
    expect((await api<{ data: { id: string }[] }>("GET", "/api/v1/conversations?assignee=me")).json.data.map((c) => c.id)).toContain(id);

    expect((await api<{ labels: string[] }>("PATCH", `/api/v1/conversations/${id}`, { labels: ["hot", "2bhk", "hot"] })).json.labels).toEqual(["hot", "2bhk"]);
    expect((await api<{ data: { id: string }[] }>("GET", "/api/v1/conversations?label=hot")).json.data.map((c) => c.id)).toEqual([id]);

    const note = await api<{ type: string; sender: { id: string } }>("POST", `/api/v1/conversations/${id}/notes`, { body: "Budget 80L" });
    expect(note.status).toBe(201);
    expect(note.json).toMatchObject({ type: "note", sender: { id: agent.id } });
    await drain();
    expect(await t.db.job.count({ where: { name: "whatsapp.send_message", payload: { equals: { messageId: (note.json as unknown as { id: string }).id } } } })).toBe(0);

    expect((await api<{ status: string }>("POST", `/api/v1/conversations/${id}/resolve`)).json.status).toBe("resolved");
    expect((await api<{ data: { id: string }[] }>("GET", "/api/v1/conversations?status=resolved")).json.data.map((c) => c.id)).toContain(id);
    expect((await api<{ status: string }>("POST", `/api/v1/conversations/${id}/reopen`)).json.status).toBe("open");

    const v1 = await api<{ viewers: { id: string }[] }>("POST", `/api/v1/conversations/${id}/viewing`);
    const v2 = await api<{ viewers: { id: string }[] }>("POST", `/api/v1/conversations/${id}/viewing`, undefined, adminCookie);
    expect(v1.json.viewers.map((v) => v.id)).toEqual([agent.id]);
    expect(v2.json.viewers.map((v) => v.id).sort()).toEqual([agent.id, admin.id].sort());

    const contacts = await api<{ data: { waId: string }[] }>("GET", "/api/v1/contacts?q=98111");
    expect(contacts.json.data.map((c) => c.waId)).toContain("919811100030");
    const canned = await api("POST", "/api/v1/canned-responses", { shortcut: "price", body: "Our 2BHK starts at 80L." }, adminCookie);
    expect(canned.status).toBe(201);
    expect((await api("POST", "/api/v1/canned-responses", { shortcut: "x", body: "y" })).status).toBe(403);
    expect((await api<{ data: { shortcut: string }[] }>("GET", "/api/v1/canned-responses")).json.data.map((c) => c.shortcut)).toContain("price");
  });
});
