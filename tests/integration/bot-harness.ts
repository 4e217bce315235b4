import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { User, Workspace } from "@prisma/client";
import { resetEnv } from "@/lib/core/env";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { runJobsOnce } from "@/lib/jobs/runner";
import { startFakeAnthropic, type RunningFakeAnthropic } from "@/lib/sandbox/anthropic/server";
import { startSandbox, type RunningSandbox } from "@/lib/sandbox/server";
import { resetWhatsAppConfig, SANDBOX_DEFAULTS } from "@/lib/whatsapp/config";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Shared set-up of the bot and appointment integration suites: the real app route handlers over
 * HTTP, the Meta sandbox (fake Graph API + signed webhooks) playing the WhatsApp users, the fake
 * Anthropic Messages API (policy mode, scripts on demand) for the Claude engine, and an online
 * agent who works around the clock in Asia/Kolkata (30-minute slots), so slots always exist.
 */
export interface BotWorld {
  t: TestDb;
  app: HttpApp;
  sandbox: RunningSandbox;
  anthropic: RunningFakeAnthropic;
  bus: EventBus;
  ws: Workspace;
  agent: User;
  admin: User;
  agentCookie: string;
  adminCookie: string;
  close(): Promise<void>;
}

const SECRET = "bot-it-app-secret";
export const ANTHROPIC_KEY = "sk-ant-bot-it";

export async function startBotWorld(): Promise<BotWorld> {
  const saved = { ...process.env };
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "bot-it-"));
  resetEnv();
  const t = await createTestDb();
  const bus = createEventBus();
  setEventBus(bus);
  const app = await startHttpApp();
  const sandbox = await startSandbox({
    port: 0,
    appSecret: SECRET,
    webhookUrl: `${app.url}/api/webhooks/whatsapp`,
  });
  const anthropic = await startFakeAnthropic({ apiKeys: [ANTHROPIC_KEY], policy: true });
  delete process.env.WHATSAPP_ACCESS_TOKEN;
  process.env.WHATSAPP_GRAPH_URL = `${sandbox.url}/graph`;
  process.env.WHATSAPP_APP_SECRET = SECRET;
  process.env.WHATSAPP_VERIFY_TOKEN = "bot-it-verify";
  process.env.WHATSAPP_PHONE_NUMBER_ID = SANDBOX_DEFAULTS.phoneNumberId;
  process.env.ANTHROPIC_API_KEY = ANTHROPIC_KEY;
  process.env.ANTHROPIC_BASE_URL = anthropic.url;
  process.env.ANTHROPIC_MAX_RETRIES = "0";
  process.env.ANTHROPIC_TIMEOUT_MS = "5000";
  resetWhatsAppConfig();
  const ws = await seedWorkspace(t.db);
  const agent = await t.db.user.update({
    where: { id: (await seedUser(t.db, { workspaceId: ws.id, role: "agent", name: "Priya Agent" })).id },
    data: { presence: "online" },
  });
  const admin = await seedUser(t.db, { workspaceId: ws.id, role: "admin" });
  const world: BotWorld = {
    t,
    app,
    sandbox,
    anthropic,
    bus,
    ws,
    agent,
    admin,
    agentCookie: await sessionCookie(agent),
    adminCookie: await sessionCookie(admin),
    async close() {
      await sandbox.sender.idle();
      await sandbox.close();
      await anthropic.close();
      await app.close();
      setEventBus(undefined);
      await bus.close();
      await t.close();
      process.env = saved;
      resetWhatsAppConfig();
      resetEnv();
    },
  };
  // The agent's hours: every day, all day, in IST; 30-minute slots, 60 minutes' notice.
  const hours = await api(world, "PUT", "/api/v1/appointments/availability", {
    availability: {
      timeZone: "Asia/Kolkata",
      weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
      slotMinutes: 30,
      bufferMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 7,
    },
  });
  expect(hours.status).toBe(200);
  return world;
}

export async function api<T = Record<string, unknown>>(
  w: BotWorld,
  method: string,
  p: string,
  body?: unknown,
  cookie = w.agentCookie,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${w.app.url}${p}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
}

export async function control<T = Record<string, unknown>>(
  w: BotWorld,
  method: string,
  p: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${w.sandbox.url}/control${p}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${p}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** Runs due jobs until none is left (status webhooks from the sandbox included). */
export async function drain(w: BotWorld, now: () => Date = () => new Date()): Promise<void> {
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 100; i++) {
      const r = await runJobsOnce({ now, limit: 20 });
      if (r.claimed === 0) break;
    }
    await w.sandbox.sender.idle();
    const left = await w.t.db.job.count({ where: { status: "queued", runAt: { lte: now() } } });
    if (left === 0) return;
  }
}

export interface TPhoneMessage {
  wamid: string;
  type: string;
  content: Record<string, unknown> | null;
}

/** A WhatsApp user in the sandbox, and what their phone received. */
export class Phone {
  private seen = 0;
  constructor(
    readonly w: BotWorld,
    readonly key: string,
  ) {}

  static async create(w: BotWorld, phone: string, name: string): Promise<Phone> {
    const r = await control<{ key: string }>(w, "POST", "/users", { phone, name });
    return new Phone(w, r.key);
  }

  /** Sends without processing (for concurrency tests). */
  async post(m: Record<string, unknown>): Promise<string> {
    const r = await control<{ wamid: string; delivery?: { delivered: boolean; lastStatus: number | null } }>(
      this.w,
      "POST",
      `/users/${this.key}/messages`,
      { ...m, wait: true },
    );
    expect(r.delivery).toMatchObject({ delivered: true, lastStatus: 200 });
    return r.wamid;
  }

  /** The user writes; the app processes it; returns what the phone received since the last call. */
  async say(text: string): Promise<TPhoneMessage[]> {
    await this.post({ type: "text", text });
    await drain(this.w);
    return this.newMessages();
  }

  /** The user taps a row of a list the bot sent. */
  async tap(row: { id: string; title: string; description?: string }): Promise<TPhoneMessage[]> {
    await this.post({
      type: "list_reply",
      id: row.id,
      title: row.title,
      ...(row.description ? { description: row.description } : {}),
    });
    await drain(this.w);
    return this.newMessages();
  }

  async all(): Promise<TPhoneMessage[]> {
    const inbox = await control<{ received: TPhoneMessage[] }>(this.w, "GET", `/users/${this.key}/inbox`);
    return inbox.received;
  }

  async newMessages(): Promise<TPhoneMessage[]> {
    const all = await this.all();
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }
}

export const textsOf = (ms: TPhoneMessage[]): string[] =>
  ms.filter((m) => m.type === "text").map((m) => String((m.content as { body?: string }).body ?? ""));

export function listOf(ms: TPhoneMessage[]): {
  body: string;
  button: string;
  rows: { id: string; title: string; description?: string }[];
} {
  const m = ms.find((x) => x.type === "interactive" && (x.content as { type?: string }).type === "list");
  if (!m) throw new Error(`no list among ${JSON.stringify(ms)}`);
  const i = m.content as {
    body: { text: string };
    action: { button: string; sections: { rows: { id: string; title: string; description?: string }[] }[] };
  };
  return { body: i.body.text, button: i.action.button, rows: i.action.sections.flatMap((s) => s.rows) };
}

/** The .ics documents the phone received, as text (read from the sandbox's media store). */
export function icsOf(w: BotWorld, ms: TPhoneMessage[]): string[] {
  return ms
    .filter((m) => m.type === "document")
    .map((m) => {
      const id = String((m.content as { id?: string }).id);
      const media = w.sandbox.store.media.get(id);
      if (!media) throw new Error(`media ${id} not in the sandbox`);
      expect((m.content as { filename?: string }).filename).toMatch(/\.ics$/);
      return media.bytes.toString("utf8");
    });
}

/** One property of the single VEVENT of an .ics (unfolded). */
export function icsProp(ics: string, name: string): string | undefined {
  const unfolded = ics.replace(/\r\n[ \t]/g, "");
  return unfolded
    .split("\r\n")
    .find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
    ?.split(":")
    .slice(1)
    .join(":");
}

export const icsDate = (d: Date | string): string =>
  new Date(d)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");

export async function setBotSettings(w: BotWorld, settings: Record<string, unknown>): Promise<void> {
  const r = await api(w, "PUT", "/api/v1/bot/settings", { settings }, w.adminCookie);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
}

export async function contactOf(w: BotWorld, phone: Phone) {
  return w.t.db.contact.findFirstOrThrow({ where: { workspaceId: w.ws.id, waId: phone.key } });
}

export async function conversationOf(w: BotWorld, phone: Phone) {
  const c = await contactOf(w, phone);
  return w.t.db.conversation.findFirstOrThrow({ where: { contactId: c.id }, orderBy: { createdAt: "desc" } });
}
