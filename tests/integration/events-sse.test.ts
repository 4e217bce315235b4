import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { parseEvent, splitFrames, type AnyParsedEvent, type PublishInput } from "@/lib/events/events";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * GET /api/events over real HTTP with real session cookies: live delivery, Last-Event-ID resume,
 * and per-user authorisation of what each event reveals.
 */
let t: TestDb;
let app: HttpApp;
let bus: EventBus;
let wsA: string;
let wsB: string;
type U = { id: string; email: string; name: string; role: string; workspaceId: string };
let agent1: U, agent2: U, adminA: U, adminB: U;

beforeAll(async () => {
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  wsA = (await t.db.workspace.create({ data: { name: "A", slug: "sse-a" } })).id;
  wsB = (await t.db.workspace.create({ data: { name: "B", slug: "sse-b" } })).id;
  const mk = (workspaceId: string, email: string, role: "admin" | "agent") =>
    t.db.user.create({ data: { workspaceId, email, name: email, role } });
  agent1 = await mk(wsA, "agent1@a.test", "agent");
  agent2 = await mk(wsA, "agent2@a.test", "agent");
  adminA = await mk(wsA, "admin@a.test", "admin");
  adminB = await mk(wsB, "admin@b.test", "admin");
});
afterAll(async () => {
  await app.close();
  setEventBus(undefined);
  await bus.close();
  await t.close();
});

/** A minimal EventSource over fetch: waits for frames, parses them with the app's own parser. */
interface SseClient {
  status: number;
  contentType: string | null;
  next(): Promise<AnyParsedEvent>;
  close(): void;
}

async function connect(user: U, opts: { lastEventId?: string; query?: string } = {}): Promise<SseClient> {
  const abort = new AbortController();
  const headers: Record<string, string> = { cookie: await sessionCookie(user), accept: "text/event-stream" };
  if (opts.lastEventId) headers["last-event-id"] = opts.lastEventId;
  const res = await fetch(`${app.url}/api/events${opts.query ?? ""}`, { headers, signal: abort.signal });
  const queue: AnyParsedEvent[] = [];
  const waiters: ((e: AnyParsedEvent) => void)[] = [];
  let connected!: () => void;
  const connectedP = new Promise<void>((r) => (connected = r));
  let failed: unknown;
  (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      const { frames, rest } = splitFrames(buffer);
      buffer = rest;
      for (const frame of frames) {
        if (frame.includes(": connected")) connected();
        const ev = parseEvent(frame);
        if (!ev) continue;
        const w = waiters.shift();
        if (w) w(ev);
        else queue.push(ev);
      }
    }
  })().catch((err: unknown) => {
    failed = err;
  });
  if (res.status === 200) await connectedP;
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    next: () => {
      if (failed && (failed as Error).name !== "AbortError") return Promise.reject(failed);
      const e = queue.shift();
      return e ? Promise.resolve(e) : new Promise((r) => waiters.push(r));
    },
    close: () => abort.abort(),
  };
}

const conv = (n: number) => ({ conversationId: `conv-${n}`, status: "open" as const });
const pub = (workspaceId: string, n: number, audience?: PublishInput["audience"]) =>
  bus.publish({ type: "conversation.updated", workspaceId, audience, data: conv(n) });

async function nextIds(client: SseClient, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = await client.next();
    out.push(`${e.type}:${e.type === "conversation.updated" ? e.data.conversationId : e.id}`);
  }
  return out;
}

it("rejects unauthenticated callers", async () => {
  const res = await fetch(`${app.url}/api/events`);
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
});

it("streams live events, filters per user, and resumes exactly the missed events after Last-Event-ID", async () => {
  const c1 = await connect(agent1);
  expect(c1.status).toBe(200);
  expect(c1.contentType).toMatch(/^text\/event-stream/);
  const c2 = await connect(agent2);
  const cb = await connect(adminB);
  expect(bus.listenerCount(wsA)).toBe(2);

  await pub(wsA, 1); // everyone in A
  await pub(wsA, 2, { users: [agent1.id] }); // only agent1
  await pub(wsA, 3, { roles: ["admin"] }); // only A's admins
  await pub(wsB, 100); // only B
  const e4 = await pub(wsA, 4); // everyone in A

  expect(await nextIds(c1, 3)).toEqual([
    "conversation.updated:conv-1",
    "conversation.updated:conv-2",
    "conversation.updated:conv-4",
  ]);
  expect(await nextIds(c2, 2)).toEqual(["conversation.updated:conv-1", "conversation.updated:conv-4"]);
  const first = await cb.next();
  expect(first.type === "conversation.updated" && first.data.conversationId).toBe("conv-100");

  // agent1 goes away; the server drops its subscription.
  c1.close();
  await vi.waitFor(() => expect(bus.listenerCount(wsA)).toBe(1));

  await pub(wsA, 5);
  await pub(wsA, 6, { users: [agent2.id] });
  await pub(wsA, 7, { users: [agent1.id] });
  await pub(wsB, 101);
  await pub(wsA, 8, { roles: ["agent"] });
  await pub(wsA, 9, { roles: ["supervisor"] });

  // Reconnect with the last id agent1 saw: exactly the missed events it may see, in order, then live.
  const r1 = await connect(agent1, { lastEventId: e4.id });
  await pub(wsA, 10);
  expect(await nextIds(r1, 4)).toEqual([
    "conversation.updated:conv-5",
    "conversation.updated:conv-7",
    "conversation.updated:conv-8",
    "conversation.updated:conv-10",
  ]);

  // The other tab kept streaming live the whole time, without agent1's private events.
  expect(await nextIds(c2, 4)).toEqual([
    "conversation.updated:conv-5",
    "conversation.updated:conv-6",
    "conversation.updated:conv-8",
    "conversation.updated:conv-10",
  ]);

  // B's admin never saw anything of A.
  expect(await nextIds(cb, 1)).toEqual(["conversation.updated:conv-101"]);
  r1.close();
  c2.close();
  cb.close();
  await vi.waitFor(() => expect(bus.listenerCount()).toBe(0));
});

it("also resumes from ?lastEventId= and never replays another workspace's rows", async () => {
  const before = await pub(wsB, 200);
  await pub(wsA, 201);
  await pub(wsA, 202, { roles: ["admin"] });
  await pub(wsB, 203, { users: [adminB.id] });
  await pub(wsB, 204, { users: [agent1.id] }); // addressed to a user of another workspace

  const cb = await connect(adminB, { query: `?lastEventId=${before.id}` });
  const ca = await connect(adminA, { query: `?lastEventId=${before.id}` });
  await pub(wsB, 205);
  await pub(wsA, 206);
  expect(await nextIds(cb, 2)).toEqual(["conversation.updated:conv-203", "conversation.updated:conv-205"]);
  expect(await nextIds(ca, 3)).toEqual([
    "conversation.updated:conv-201",
    "conversation.updated:conv-202",
    "conversation.updated:conv-206",
  ]);
  cb.close();
  ca.close();
  await vi.waitFor(() => expect(bus.listenerCount()).toBe(0));
});

it("rejects a malformed lastEventId with 400", async () => {
  const res = await fetch(`${app.url}/api/events?lastEventId=abc`, {
    headers: { cookie: await sessionCookie(agent1) },
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ error: { code: "INVALID_INPUT" } });
});

it("sends the retry hint first and heartbeat comments while idle, and unsubscribes on abort", async () => {
  const { openEventStream } = await import("@/lib/events/open-event-stream");
  const abort = new AbortController();
  const principal = {
    kind: "user" as const,
    userId: agent1.id,
    workspaceId: wsA,
    role: "agent" as const,
    name: "a",
    scopes: [],
  };
  const res = openEventStream({ principal, signal: abort.signal, heartbeatMs: 10, bus });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes(": ping")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  expect(text.startsWith("retry: 3000\n")).toBe(true);
  expect(text).toContain(": ping\n\n");
  expect(bus.listenerCount(wsA)).toBe(1);
  abort.abort();
  // The stream ends and the subscription is gone.
  for (;;) if ((await reader.read()).done) break;
  expect(bus.listenerCount(wsA)).toBe(0);
});
