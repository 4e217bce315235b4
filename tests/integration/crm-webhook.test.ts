import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FRAPPE_SANDBOX_DEFAULTS, resetCrmConfig } from "@/lib/crm/config";
import { FrappeClient } from "@/lib/crm/frappe-client";
import { signFrappeWebhook } from "@/lib/crm/webhook-signature";
import { createEventBus, setEventBus, subscribe, type EventBus } from "@/lib/events/bus";
import type { AnyStoredEvent } from "@/lib/events/events";
import { runJobsOnce } from "@/lib/jobs/runner";
import { type RunningFakeFrappe, startFakeFrappe } from "@/lib/sandbox/frappe/server";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * POST /api/webhooks/frappe over real HTTP: the fake Frappe CRM sends its signed webhooks (Python
 * json.dumps body, base64 HMAC-SHA256) when a lead changes through its REST API; the app verifies,
 * stores, queues crm.apply_webhook, and the job applies owner / status / contact details.
 */
let t: TestDb;
let bus: EventBus;
let app: HttpApp;
let fake: RunningFakeFrappe;
let crm: FrappeClient;
const saved: Record<string, string | undefined> = {};
const ENV = ["FRAPPE_URL", "FRAPPE_API_KEY", "FRAPPE_API_SECRET", "FRAPPE_WEBHOOK_SECRET"] as const;
const SECRET = FRAPPE_SANDBOX_DEFAULTS.webhookSecret;

beforeAll(async () => {
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  fake = await startFakeFrappe({ port: 0, webhookUrl: `${app.url}/api/webhooks/frappe`, webhookRetryDelaysMs: [0, 0] });
  for (const k of ENV) saved[k] = process.env[k];
  process.env.FRAPPE_URL = fake.url;
  process.env.FRAPPE_API_KEY = FRAPPE_SANDBOX_DEFAULTS.apiKey;
  process.env.FRAPPE_API_SECRET = FRAPPE_SANDBOX_DEFAULTS.apiSecret;
  process.env.FRAPPE_WEBHOOK_SECRET = SECRET;
  resetCrmConfig();
  crm = new FrappeClient({ baseUrl: fake.url, auth: { kind: "token", apiKey: FRAPPE_SANDBOX_DEFAULTS.apiKey, apiSecret: FRAPPE_SANDBOX_DEFAULTS.apiSecret } });
});
afterAll(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetCrmConfig();
  await fake.close();
  await app.close();
  setEventBus(undefined);
  await bus.close();
  await t.close();
});
beforeEach(async () => {
  fake.reset();
  fake.store.options.webhookUrl = `${app.url}/api/webhooks/frappe`;
  fake.store.options.webhookRetryDelaysMs = [0, 0];
  await t.db.job.deleteMany();
  await t.db.webhookDelivery.deleteMany();
});

function leadNamed(first: string): string {
  const lead = [...fake.store.table("CRM Lead").values()].find((l) => l.first_name === first);
  if (!lead) throw new Error(`no seeded lead ${first}`);
  return String(lead.name);
}

async function post(body: string, headers: Record<string, string>) {
  return fetch(`${app.url}/api/webhooks/frappe`, { method: "POST", body, headers });
}

/** A linked contact with an open conversation assigned to `assignee`. */
async function seedLinked(leadName: string) {
  const ws = await seedWorkspace(t.db);
  const first = await seedUser(t.db, { workspaceId: ws.id, role: "agent", email: `first-${ws.id}@example.test` });
  const mapped = await seedUser(t.db, { workspaceId: ws.id, role: "agent", email: `mapped-${ws.id}@example.test` });
  await t.db.user.update({ where: { id: mapped.id }, data: { frappeUser: "agent2@example.com" } });
  const viaOauth = await seedUser(t.db, { workspaceId: ws.id, role: "agent", email: `oauth-${ws.id}@example.test` });
  await t.db.crmAccount.create({ data: { workspaceId: ws.id, userId: viaOauth.id, frappeUser: "manager@example.com" } });
  const contact = await t.db.contact.create({
    data: { workspaceId: ws.id, waId: "919812345678", phone: "+919812345678", name: "Priya", crmDoctype: "CRM Lead", crmName: leadName },
  });
  const conversation = await t.db.conversation.create({ data: { workspaceId: ws.id, contactId: contact.id, assigneeId: first.id } });
  return { ws, first, mapped, viaOauth, contact, conversation };
}

async function drain(): Promise<void> {
  for (let i = 0; i < 10; i++) if ((await runJobsOnce({ limit: 20 })).claimed === 0) return;
  throw new Error("queue did not drain");
}

describe("signature", () => {
  const body = JSON.stringify({ doctype: "CRM Lead", name: "CRM-LEAD-X", status: "Qualified" });

  it("accepts a valid signature: stores the delivery and queues crm.apply_webhook", async () => {
    const res = await post(body, { "x-frappe-webhook-signature": signFrappeWebhook(body, SECRET) });
    expect(res.status).toBe(200);
    const deliveries = await t.db.webhookDelivery.findMany({ where: { source: "frappe" } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.body).toBe(body);
    expect(await t.db.job.count({ where: { name: "crm.apply_webhook", payload: { equals: { deliveryId: deliveries[0]!.id } } } })).toBe(1);
  });

  it("rejects an invalid signature with 401 and stores nothing", async () => {
    const res = await post(body, { "x-frappe-webhook-signature": signFrappeWebhook(body, "another-secret") });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
    const tampered = await post(body.replace("Qualified", "Junk"), { "x-frappe-webhook-signature": signFrappeWebhook(body, SECRET) });
    expect(tampered.status).toBe(401);
    expect(await t.db.webhookDelivery.count()).toBe(0);
    expect(await t.db.job.count()).toBe(0);
  });

  it("rejects a missing signature with 401 and stores nothing", async () => {
    const res = await post(body, { "content-type": "application/json" });
    expect(res.status).toBe(401);
    expect(await t.db.webhookDelivery.count()).toBe(0);
    expect(await t.db.job.count()).toBe(0);
  });

  it("stores the same bytes once (Frappe retries the same delivery)", async () => {
    const headers = { "x-frappe-webhook-signature": signFrappeWebhook(body, SECRET) };
    expect((await post(body, headers)).status).toBe(200);
    expect((await post(body, headers)).status).toBe(200);
    expect(await t.db.webhookDelivery.count()).toBe(1);
    expect(await t.db.job.count({ where: { name: "crm.apply_webhook" } })).toBe(1);
  });
});

describe("applying lead changes from the fake Frappe CRM", () => {
  it("owner → conversation assignee (User.frappeUser), status → lead stage, name and phone → contact; events published", async () => {
    const leadName = leadNamed("Priya");
    const s = await seedLinked(leadName);
    const events: AnyStoredEvent[] = [];
    const unsubscribe = subscribe(s.ws.id, (e) => events.push(e));

    await crm.update("CRM Lead", leadName, { lead_owner: "agent2@example.com", status: "Qualified", first_name: "Priyanka", mobile_no: "098123 45679" });
    await fake.sender.idle();
    const delivered = fake.sender.deliveries.at(-1)!;
    expect(delivered.attempts.at(-1)?.status).toBe(200);
    expect(await t.db.job.count({ where: { name: "crm.apply_webhook", status: "queued" } })).toBe(1);

    await drain();
    unsubscribe();
    const contact = await t.db.contact.findUniqueOrThrow({ where: { id: s.contact.id } });
    expect(contact.leadStage).toBe("Qualified");
    expect(contact.name).toBe("Priyanka Sharma");
    expect(contact.phone).toBe("+919812345679");
    expect(contact.waId).toBe("919812345678");
    expect((contact.attributes as { crm: { owner: string } }).crm.owner).toBe("agent2@example.com");
    const conversation = await t.db.conversation.findUniqueOrThrow({ where: { id: s.conversation.id } });
    expect(conversation.assigneeId).toBe(s.mapped.id);
    expect(await t.db.auditLog.count({ where: { action: "conversation.assigned", targetId: s.conversation.id, actorType: "system" } })).toBe(1);
    expect(events.some((e) => e.type === "contact.updated" && e.data.contactId === s.contact.id)).toBe(true);
    expect(events.some((e) => e.type === "conversation.updated" && e.data.conversationId === s.conversation.id && e.data.assigneeId === s.mapped.id)).toBe(true);
    expect((await t.db.webhookDelivery.findFirstOrThrow({ where: { source: "frappe" } })).processedAt).not.toBeNull();
  });

  it("maps the owner through a CrmAccount (Frappe sign-in) and leaves resolved conversations alone", async () => {
    const leadName = leadNamed("Rahul");
    const s = await seedLinked(leadName);
    const resolved = await t.db.conversation.create({ data: { workspaceId: s.ws.id, contactId: s.contact.id, assigneeId: s.first.id, status: "resolved" } });
    await crm.update("CRM Lead", leadName, { lead_owner: "manager@example.com" });
    await fake.sender.idle();
    await drain();
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id: s.conversation.id } })).assigneeId).toBe(s.viaOauth.id);
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id: resolved.id } })).assigneeId).toBe(s.first.id);
  });

  it("an owner nobody maps to keeps the assignee; an unknown lead is ignored", async () => {
    const leadName = leadNamed("Anita");
    const s = await seedLinked(leadName);
    await crm.update("CRM Lead", leadName, { lead_owner: "admin@example.com", status: "Nurture" });
    const other = await crm.insert<{ name: string }>("CRM Lead", { first_name: "Nobody", mobile_no: "+919000000001" });
    await fake.sender.idle();
    expect(fake.sender.deliveries.map((d) => d.docname)).toEqual(expect.arrayContaining([leadName, other.name]));
    await drain();
    expect((await t.db.conversation.findUniqueOrThrow({ where: { id: s.conversation.id } })).assigneeId).toBe(s.first.id);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: s.contact.id } })).leadStage).toBe("Nurture");
    expect(await t.db.contact.count({ where: { crmName: other.name } })).toBe(0);
    expect(await t.db.webhookDelivery.count({ where: { processedAt: null } })).toBe(0);
    expect(await t.db.job.count({ where: { status: { not: "succeeded" } } })).toBe(0);
  });

  it("an older delivery arriving late does not undo a newer one", async () => {
    const leadName = leadNamed("Vikram");
    const s = await seedLinked(leadName);
    const send = (status: string, modified: string) => {
      const body = JSON.stringify({ doctype: "CRM Lead", name: leadName, status, modified });
      return post(body, { "x-frappe-webhook-signature": signFrappeWebhook(body, SECRET) });
    };
    expect((await send("Qualified", "2026-03-01 10:00:05.000000")).status).toBe(200);
    await drain();
    expect((await send("Contacted", "2026-03-01 10:00:01.000000")).status).toBe(200);
    await drain();
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: s.contact.id } })).leadStage).toBe("Qualified");
  });
});
