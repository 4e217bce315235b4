import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptString } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { FRAPPE_SANDBOX_DEFAULTS, resetCrmConfig } from "@/lib/crm/config";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { type RunningFakeFrappe, startFakeFrappe } from "@/lib/sandbox/frappe/server";
import { seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/** The CRM panel API over HTTP against the fake Frappe CRM. */
let t: TestDb;
let bus: EventBus;
let app: HttpApp;
let fake: RunningFakeFrappe;
let cookie: string;
let otherCookie: string;
let wsId: string;
const saved: Record<string, string | undefined> = {};
const ENV = ["FRAPPE_URL", "FRAPPE_API_KEY", "FRAPPE_API_SECRET", "FRAPPE_WEBHOOK_SECRET", "FRAPPE_OAUTH_CLIENT_ID", "FRAPPE_OAUTH_CLIENT_SECRET"] as const;

beforeAll(async () => {
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  fake = await startFakeFrappe({ port: 0 });
  for (const k of ENV) saved[k] = process.env[k];
  process.env.FRAPPE_URL = fake.url;
  process.env.FRAPPE_API_KEY = FRAPPE_SANDBOX_DEFAULTS.apiKey;
  process.env.FRAPPE_API_SECRET = FRAPPE_SANDBOX_DEFAULTS.apiSecret;
  process.env.FRAPPE_WEBHOOK_SECRET = FRAPPE_SANDBOX_DEFAULTS.webhookSecret;
  process.env.FRAPPE_OAUTH_CLIENT_ID = FRAPPE_SANDBOX_DEFAULTS.oauthClientId;
  process.env.FRAPPE_OAUTH_CLIENT_SECRET = FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret;
  resetCrmConfig();
  const ws = await seedWorkspace(t.db);
  wsId = ws.id;
  const agent = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
  await t.db.user.update({ where: { id: agent.id }, data: { frappeUser: "agent2@example.com" } });
  cookie = await sessionCookie(agent);
  const other = await seedWorkspace(t.db);
  otherCookie = await sessionCookie(await seedUser(t.db, { workspaceId: other.id, role: "agent" }));
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
  await fake.comeUp();
  fake.reset();
});

const leadNamed = (first: string) => String([...fake.store.table("CRM Lead").values()].find((l) => l.first_name === first)!.name);
let n = 0;
const contact = (data: { phone?: string; crmName?: string; crmDoctype?: string; name?: string } = {}) =>
  t.db.contact.create({ data: { workspaceId: wsId, waId: `91900000${String(++n).padStart(4, "0")}`, ...data } });
const get = (id: string, c = cookie) => fetch(`${app.url}/api/v1/contacts/${id}/crm`, { headers: { cookie: c } });
const post = (path: string, body: unknown, c = cookie) =>
  fetch(`${app.url}/api/v1/contacts/${path}`, { method: "POST", headers: { cookie: c, "content-type": "application/json" }, body: JSON.stringify(body) });

describe("GET /api/v1/contacts/{id}/crm", () => {
  it("not linked → { linked: false, phone }", async () => {
    const c = await contact({ phone: "+919811111111" });
    const res = await get(c.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ linked: false, phone: "+919811111111" });
  });

  it("linked → key fields, activities from get_activities and the URL to open it in Frappe", async () => {
    const lead = leadNamed("Priya");
    const c = await contact({ crmDoctype: "CRM Lead", crmName: lead });
    // Something for the timeline: a note on the lead.
    fake.store.insert("FCRM Note", { title: "Asked for a quote", content: "<p>Wants <b>200</b> metres</p>", reference_doctype: "CRM Lead", reference_docname: lead }, "agent@example.com");
    const res = await get(c.id);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      linked: true,
      doctype: "CRM Lead",
      name: lead,
      url: `${fake.url}/crm/leads/${encodeURIComponent(lead)}`,
      fields: { lead_name: "Priya Sharma", organization: "Sharma Textiles", status: "New", lead_owner: "agent@example.com", email: "priya@example.com", mobile_no: "+91 98123 45678" },
    });
    expect(body.error).toBeUndefined();
    expect(body.activities).toEqual(expect.arrayContaining([expect.objectContaining({ type: "note", title: "Asked for a quote", detail: "Wants 200 metres" })]));
  });

  it("reads as the signed-in user with their Frappe token, refreshing it when it has expired", async () => {
    const ws = await t.db.workspace.findUniqueOrThrow({ where: { id: wsId } });
    const user = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
    const tokens = await oauthLogin("agent@example.com", "agent");
    const key = env().encryptionKey;
    await t.db.crmAccount.create({
      data: {
        workspaceId: ws.id,
        userId: user.id,
        frappeUser: "agent@example.com",
        accessTokenEnc: encryptString(tokens.access_token, key),
        refreshTokenEnc: encryptString(tokens.refresh_token, key),
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const c = await contact({ crmDoctype: "CRM Lead", crmName: leadNamed("Priya") });
    const userCookie = await sessionCookie(user);
    const first = await (await get(c.id, userCookie)).json();
    expect(first).toMatchObject({ linked: true, fields: { lead_name: "Priya Sharma" } });
    expect(first.error).toBeUndefined();

    // Frappe expires the token: the next read gets a 401, refreshes once, retries, and the new
    // token pair is stored (encrypted) for the next call made on the user's behalf.
    const before = await t.db.crmAccount.findUniqueOrThrow({ where: { userId: user.id } });
    await fetch(`${fake.url}/control/oauth/expire`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "agent@example.com" }) });
    const second = await (await get(c.id, userCookie)).json();
    expect(second.error).toBeUndefined();
    expect(second).toMatchObject({ linked: true, fields: { lead_name: "Priya Sharma" } });
    expect(second.error).toBeUndefined();
    const after = await t.db.crmAccount.findUniqueOrThrow({ where: { userId: user.id } });
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.accessTokenEnc).not.toContain(tokens.access_token);
  });

  it("Frappe down → 200 with Frappe's message, fields null", async () => {
    const c = await contact({ crmDoctype: "CRM Lead", crmName: leadNamed("Rahul") });
    await fake.goDown("503");
    const res = await get(c.id);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ linked: true, fields: null, activities: [] });
    expect(body.error).toMatch(/Session Stopped/);
    await fake.goDown("refuse");
    const refused = await (await get(c.id)).json();
    expect(refused.error).toMatch(/cannot reach/);
  });

  it("another workspace's contact is 404; no session is 401", async () => {
    const c = await contact({});
    expect((await get(c.id, otherCookie)).status).toBe(404);
    expect((await fetch(`${app.url}/api/v1/contacts/${c.id}/crm`)).status).toBe(401);
  });
});

describe("link and create", () => {
  it("links to an existing lead by name; an unknown name is 404 and links nothing", async () => {
    const c = await contact({});
    const lead = leadNamed("Anita");
    const res = await post(`${c.id}/crm/link`, { doctype: "CRM Lead", name: lead });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ doctype: "CRM Lead", name: lead, created: false });
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ crmDoctype: "CRM Lead", crmName: lead });
    expect(await t.db.auditLog.count({ where: { action: "contact.crm_linked", targetId: c.id } })).toBe(1);

    const c2 = await contact({});
    const missing = await post(`${c2.id}/crm/link`, { doctype: "CRM Lead", name: "CRM-LEAD-1999-99999" });
    expect(missing.status).toBe(404);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: c2.id } })).crmName).toBeNull();
    expect((await post(`${c2.id}/crm/link`, { doctype: "CRM Lead", name: lead, extra: 1 })).status).toBe(400);
  });

  it("creates the lead now (source WhatsApp, owner = the agent's Frappe user) and links it", async () => {
    const c = await contact({ phone: "+919822233344", name: "Deepa Rao" });
    const before = fake.store.table("CRM Lead").size;
    const res = await post(`${c.id}/crm/create`, {});
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ doctype: "CRM Lead", created: true });
    expect(fake.store.table("CRM Lead").size).toBe(before + 1);
    expect(fake.store.table("CRM Lead").get(body.name)).toMatchObject({ mobile_no: "+919822233344", source: "WhatsApp", lead_owner: "agent2@example.com" });
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: c.id } })).crmName).toBe(body.name);
    const panel = await (await get(c.id)).json();
    expect(panel).toMatchObject({ linked: true, name: body.name, fields: { lead_owner: "agent2@example.com" } });
  });

  it("create finds the existing lead for the number instead of duplicating it", async () => {
    const c = await contact({ phone: "+919876543210" });
    const before = fake.store.table("CRM Lead").size;
    const body = await (await post(`${c.id}/crm/create`, {})).json();
    expect(body).toMatchObject({ name: leadNamed("Rahul"), created: false });
    expect(fake.store.table("CRM Lead").size).toBe(before);
  });

  it("create while Frappe is down → 502 with Frappe's message, nothing linked", async () => {
    const c = await contact({ phone: "+919833344455" });
    await fake.goDown("503");
    const res = await post(`${c.id}/crm/create`, {});
    expect(res.status).toBe(502);
    expect((await res.json()).error.message).toMatch(/Frappe CRM/);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: c.id } })).crmName).toBeNull();
  });
});

/** Authorization code + PKCE through the fake's login and consent pages, as a browser would. */
async function oauthLogin(user: string, password: string): Promise<{ access_token: string; refresh_token: string }> {
  const login = await fetch(`${fake.url}/api/method/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ usr: user, pwd: password }) });
  expect(login.status).toBe(200);
  const sid = /sid=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")![1]!;
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = "http://localhost:3000/api/auth/callback/frappe";
  const q = new URLSearchParams({ client_id: FRAPPE_SANDBOX_DEFAULTS.oauthClientId, redirect_uri: redirectUri, response_type: "code", scope: "all openid", state: "st", code_challenge: challenge, code_challenge_method: "S256" });
  const approve = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.approve`, {
    method: "POST",
    headers: { cookie: `sid=${sid}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...Object.fromEntries(q), allow: "1" }).toString(),
    redirect: "manual",
  });
  const code = new URL(approve.headers.get("location")!).searchParams.get("code")!;
  const res = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.get_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: FRAPPE_SANDBOX_DEFAULTS.oauthClientId, client_secret: FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret, code_verifier: verifier }).toString(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string };
}
