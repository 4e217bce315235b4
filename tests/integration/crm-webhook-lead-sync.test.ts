import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workspace } from "@prisma/client";
import { resetEnv } from "@/lib/core/env";
import { FRAPPE_SANDBOX_DEFAULTS, resetCrmConfig } from "@/lib/crm/config";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { runJobsOnce } from "@/lib/jobs/runner";
import { type RunningFakeFrappe, startFakeFrappe } from "@/lib/sandbox/frappe/server";
import { SANDBOX_DEFAULTS, resetWhatsAppConfig } from "@/lib/whatsapp/config";
import { signHubSignature } from "@/lib/whatsapp/signature";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Lead sync from the WhatsApp side and the periodic reconciliation, over real HTTP: a signed Meta
 * webhook from a new number → contact → crm.match_lead (queued in the same transaction, one per
 * contact) → the fake Frappe CRM's lead is linked or created. Also measures the time from the
 * webhook to the CRM Lead existing (jobs drained at once, i.e. without the runner's poll delay).
 */
const SECRET = "it-app-secret";
let t: TestDb;
let app: HttpApp;
let bus: EventBus;
let fake: RunningFakeFrappe;
let ws: Workspace;
const saved = { ...process.env };

beforeAll(async () => {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "crm-sync-it-"));
  resetEnv();
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  fake = await startFakeFrappe({ port: 0 });
  delete process.env.WHATSAPP_ACCESS_TOKEN;
  process.env.WHATSAPP_APP_SECRET = SECRET;
  process.env.WHATSAPP_PHONE_NUMBER_ID = SANDBOX_DEFAULTS.phoneNumberId;
  process.env.WHATSAPP_GRAPH_URL = "http://127.0.0.1:9/graph"; // text messages need no Graph call
  process.env.FRAPPE_URL = fake.url;
  process.env.FRAPPE_API_KEY = FRAPPE_SANDBOX_DEFAULTS.apiKey;
  process.env.FRAPPE_API_SECRET = FRAPPE_SANDBOX_DEFAULTS.apiSecret;
  process.env.FRAPPE_WEBHOOK_SECRET = FRAPPE_SANDBOX_DEFAULTS.webhookSecret;
  resetWhatsAppConfig();
  resetCrmConfig();
  ws = await seedWorkspace(t.db);
  const agent = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
  await t.db.user.update({ where: { id: agent.id }, data: { presence: "online", capacity: 100, frappeUser: "agent2@example.com" } });
});
afterAll(async () => {
  await fake.close();
  await app.close();
  setEventBus(undefined);
  await bus.close();
  await t.close();
  process.env = saved;
  resetWhatsAppConfig();
  resetCrmConfig();
  resetEnv();
});

let seq = 0;
async function inbound(waId: string, name: string, text: string): Promise<void> {
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: SANDBOX_DEFAULTS.wabaId, changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: SANDBOX_DEFAULTS.displayPhoneNumber, phone_number_id: SANDBOX_DEFAULTS.phoneNumberId }, contacts: [{ profile: { name }, wa_id: waId }], messages: [{ from: waId, id: `wamid.crm.${++seq}.${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } }] } }] }],
  });
  const res = await fetch(`${app.url}/api/webhooks/whatsapp`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signHubSignature(body, SECRET) }, body });
  expect(res.status).toBe(200);
}

async function drain(): Promise<void> {
  for (let i = 0; i < 30; i++) if ((await runJobsOnce({ limit: 20 })).claimed === 0) return;
  throw new Error("queue did not drain");
}

const leads = () => [...fake.store.table("CRM Lead").values()];

describe("a new WhatsApp contact gets its CRM Lead", () => {
  it("matches an existing lead by phone (written '+91 98123 45678' in the CRM) and queues one match per contact", async () => {
    await inbound("919812345678", "Priya", "Hello");
    await drain();
    const contact = await t.db.contact.findFirstOrThrow({ where: { workspaceId: ws.id, waId: "919812345678" } });
    const job = await t.db.job.findUniqueOrThrow({ where: { idempotencyKey: `crm.match_lead:${contact.id}` } });
    expect(job).toMatchObject({ status: "succeeded", workspaceId: ws.id });
    const priya = leads().find((l) => l.first_name === "Priya")!;
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ crmDoctype: "CRM Lead", crmName: priya.name });
    await inbound("919812345678", "Priya", "Are you there?");
    await drain();
    expect(await t.db.job.count({ where: { name: "crm.match_lead" } })).toBe(1);
  });

  it("creates a lead (source WhatsApp, owner = the assigned agent's Frappe user) for an unknown number; measures p95", async () => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const waId = `9198700${String(10000 + i)}`;
      const t0 = performance.now();
      await inbound(waId, `New ${i}`, "Price?");
      await drain();
      const lead = leads().find((l) => l.mobile_no === `+${waId}`);
      times.push(performance.now() - t0);
      expect(lead).toMatchObject({ source: "WhatsApp", lead_owner: "agent2@example.com", first_name: `New` });
      expect((await t.db.contact.findFirstOrThrow({ where: { workspaceId: ws.id, waId } })).crmName).toBe(lead!.name);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.ceil(times.length * 0.95) - 1]!;
    console.info(`[measure] WhatsApp message from a new number → CRM Lead exists (webhook + jobs, no poll wait): p50 ${times[9]!.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, n=${times.length}`);
  });
});

describe("crm.reconcile", () => {
  it("writes a call log that was never synced, re-queues an unlinked contact's match, and applies a lead change whose webhook was lost", async () => {
    const priya = leads().find((l) => l.first_name === "Priya")!;
    const contact = await t.db.contact.findFirstOrThrow({ where: { workspaceId: ws.id, waId: "919812345678" } });
    const call = await t.db.call.create({
      data: { workspaceId: ws.id, contactId: contact.id, direction: "inbound", status: "completed", startedAt: new Date(Date.now() - 120_000), answeredAt: new Date(Date.now() - 110_000), endedAt: new Date(Date.now() - 60_000), durationSec: 50 },
    });
    const orphan = await t.db.contact.create({ data: { workspaceId: ws.id, waId: "919876543210", phone: "+919876543210", name: "Rahul" } });
    // Changed in the CRM while webhooks were not configured (nothing delivered).
    fake.store.options.webhookUrl = null;
    fake.store.update("CRM Lead", String(priya.name), { status: "Qualified" }, "manager@example.com");

    await enqueueJob({ name: "crm.reconcile", payload: {} });
    await drain();

    expect(fake.store.table("CRM Call Log").get(call.id)).toMatchObject({ status: "Completed", type: "Incoming", duration: 50, reference_docname: priya.name });
    const rahul = leads().find((l) => l.first_name === "Rahul")!;
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: orphan.id } })).crmName).toBe(rahul.name);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).leadStage).toBe("Qualified");

    // A second pass finds nothing to repair and changes nothing.
    const logsBefore = fake.store.table("CRM Call Log").size;
    const { job } = await enqueueJob({ name: "crm.reconcile", payload: {}, idempotencyKey: "crm.reconcile:second" });
    await drain();
    const done = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.result).toMatchObject({ created: [], repaired: [], requeuedMatches: 0 });
    expect(fake.store.table("CRM Call Log").size).toBe(logsBefore);
  });
});
