import type { User, Workspace } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { parseEvent, splitFrames, type AnyParsedEvent } from "@/lib/events/events";
import { runJobsOnce, startJobRunner } from "@/lib/jobs/runner";
import { resetWhatsAppConfig } from "@/lib/whatsapp/config";
import { signHubSignature } from "@/lib/whatsapp/signature";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Issue 3 "Measure": the faster paths must keep their behaviour.
 * - Group commit of webhook deliveries: concurrent POSTs (with redeliveries among them) are each
 *   answered 200 only once stored, and stored + queued exactly once per distinct body.
 * - Inbound processing builds the realtime DTOs from the rows it wrote instead of reading them back:
 *   what SSE shows must equal what the v1 API reads from the database.
 * - The job runner is poked on enqueue: a delivery is processed long before the next poll.
 */
const SECRET = "perf-app-secret";
const PNID = "100000000000077";
let t: TestDb;
let app: HttpApp;
let bus: EventBus;
let ws: Workspace;
let agent: User;
let cookie: string;
const saved = { ...process.env };

beforeAll(async () => {
  delete process.env.WHATSAPP_ACCESS_TOKEN;
  process.env.WHATSAPP_APP_SECRET = SECRET;
  process.env.WHATSAPP_PHONE_NUMBER_ID = PNID;
  process.env.WHATSAPP_GRAPH_URL = "http://127.0.0.1:9/graph"; // text messages need no Graph call
  resetWhatsAppConfig();
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  ws = await seedWorkspace(t.db);
  agent = await t.db.user.update({ where: { id: (await seedUser(t.db, { workspaceId: ws.id, role: "agent" })).id }, data: { presence: "online", capacity: 1000 } });
  cookie = await sessionCookie(agent);
});
afterAll(async () => {
  await app?.close();
  setEventBus(undefined);
  await bus?.close();
  await t?.close();
  process.env = saved;
  resetWhatsAppConfig();
});

const post = (body: string) =>
  fetch(`${app.url}/api/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signHubSignature(body, SECRET) }, body });

let clock = Math.floor(Date.now() / 1000) - 600;
function inbound(waId: string, wamid: string, text: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "200000000000077", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550000077", phone_number_id: PNID }, contacts: [{ profile: { name: `Lead ${waId.slice(-3)}` }, wa_id: waId }], messages: [{ from: waId, id: wamid, timestamp: String(clock++), type: "text", text: { body: text }, ...extra }] } }] }],
  });
}

async function drain(): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await runJobsOnce({ limit: 50 })).claimed === 0) return;
  throw new Error("jobs did not drain");
}

async function sse(c: string) {
  const abort = new AbortController();
  const res = await fetch(`${app.url}/api/events`, { headers: { cookie: c, accept: "text/event-stream" }, signal: abort.signal });
  expect(res.status).toBe(200);
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
    waitFor: (pred: (e: AnyParsedEvent) => boolean) => {
      const hit = seen.find(pred);
      return hit ? Promise.resolve(hit) : new Promise<AnyParsedEvent>((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => abort.abort(),
  };
}

const messageEvent = (wamid: string) => (e: AnyParsedEvent) => e.type === "message.created" && (e.data as { message?: { metaId?: string } }).message?.metaId === wamid;

describe("webhook group commit", () => {
  it("40 concurrent POSTs with redeliveries: all 200, each distinct body stored and queued once", async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => inbound(`9197000001${String(i % 10).padStart(2, "0")}`, `wamid.gc.${i}`, `hello ${i}`));
    // Meta redelivers: 10 of the bodies twice, byte for byte, at the same time.
    const all = [...bodies, ...bodies.slice(0, 10)];
    const statuses = await Promise.all(all.map(async (b) => (await post(b)).status));
    expect(statuses).toEqual(all.map(() => 200));
    // Every answered delivery is already stored (the 200 comes after the commit).
    const rows = await t.db.webhookDelivery.findMany({ where: { body: { in: bodies } }, select: { id: true, body: true } });
    expect(rows).toHaveLength(30);
    const jobs = await t.db.job.findMany({ where: { name: "whatsapp.process_delivery", status: "queued" }, select: { payload: true } });
    const queued = jobs.map((j) => (j.payload as { deliveryId: string }).deliveryId).filter((id) => rows.some((r) => r.id === id));
    expect(queued.sort()).toEqual(rows.map((r) => r.id).sort());
    await drain();
    expect(await t.db.message.count({ where: { metaId: { startsWith: "wamid.gc." } } })).toBe(30);
    // 10 customers → 10 conversations, each with its 3 messages counted unread once.
    const convs = await t.db.conversation.findMany({ where: { workspaceId: ws.id, contact: { waId: { startsWith: "9197000001" } } }, select: { unreadCount: true } });
    expect(convs.map((c) => c.unreadCount)).toEqual(Array(10).fill(3));
  });

  it("a redelivery of an already stored body is answered 200 and not queued again", async () => {
    const body = inbound("919700000201", "wamid.gc.again", "once");
    expect((await post(body)).status).toBe(200);
    const jobsBefore = await t.db.job.count();
    expect((await post(body)).status).toBe(200);
    expect(await t.db.job.count()).toBe(jobsBefore);
    expect(await t.db.webhookDelivery.count({ where: { body } })).toBe(1);
    await drain();
  });
});

describe("realtime DTOs built from the written rows", () => {
  it("message.created and conversation.updated equal what v1 reads back (new and existing conversation, reply)", async () => {
    const stream = await sse(cookie);
    try {
      await post(inbound("919700000301", "wamid.dto.1", "Is the 3BHK in Baner still available?"));
      await drain();
      const first = await stream.waitFor(messageEvent("wamid.dto.1"));
      await post(inbound("919700000301", "wamid.dto.2", "And the price?", { context: { from: "15550000077", id: "wamid.dto.1" } }));
      await drain();
      const second = await stream.waitFor(messageEvent("wamid.dto.2"));
      const conversationId = (second.data as { conversationId: string }).conversationId;
      const convEvent = await stream.waitFor(
        (e) => e.type === "conversation.updated" && (e.data as { conversation?: { lastMessageText?: string } }).conversation?.lastMessageText === "And the price?",
      );

      const thread = await fetch(`${app.url}/api/v1/conversations/${conversationId}/messages`, { headers: { cookie } }).then((r) => r.json() as Promise<{ data: { metaId: string }[] }>);
      const byMeta = (id: string) => thread.data.find((m) => m.metaId === id);
      expect((first.data as { message: unknown }).message).toEqual(byMeta("wamid.dto.1"));
      expect((second.data as { message: unknown }).message).toEqual(byMeta("wamid.dto.2"));
      expect((second.data as { message: { replyToMessageId: string | null } }).message.replyToMessageId).toBe((first.data as { messageId: string }).messageId);

      const conversation = await fetch(`${app.url}/api/v1/conversations/${conversationId}`, { headers: { cookie } }).then((r) => r.json() as Promise<Record<string, unknown>>);
      const dto = (convEvent.data as { conversation: Record<string, unknown> }).conversation;
      expect(dto).toEqual(expect.objectContaining({ id: conversationId, unreadCount: 2, lastMessageText: "And the price?" }));
      for (const key of Object.keys(dto)) expect(conversation[key], key).toEqual(dto[key]);
      expect(dto.assignee).toEqual({ id: agent.id, name: agent.name });
    } finally {
      stream.close();
    }
  });
});

describe("job runner poke", () => {
  it("a delivery is processed and on SSE long before the next poll (poll set to 10 minutes)", async () => {
    await drain();
    const stream = await sse(cookie);
    const runner = startJobRunner({ concurrency: 4, pollMs: 600_000 });
    const g = globalThis as unknown as { __jobRunner?: typeof runner };
    g.__jobRunner = runner;
    try {
      // Let the runner finish its first (empty) claim and go to sleep for the 10-minute poll.
      await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 3; i++) {
        expect((await post(inbound("919700000401", `wamid.poke.${i}`, `poke ${i}`))).status).toBe(200);
        // Resolves only if the runner was woken: otherwise it sleeps for 10 minutes and the test times out.
        await stream.waitFor(messageEvent(`wamid.poke.${i}`));
      }
    } finally {
      g.__jobRunner = undefined;
      await runner.stop();
      stream.close();
    }
  }, 20_000);
});
