import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { addNote } from "@/lib/crm/add-note";
import { type TCrmConfig, FRAPPE_SANDBOX_DEFAULTS, parseCrmConfig } from "@/lib/crm/config";
import { createTask } from "@/lib/crm/create-task";
import type { TCrmCall } from "@/lib/crm/crm.schema";
import { findOrCreateLead } from "@/lib/crm/find-or-create-lead";
import { FrappeClient, type FrappeTokenProvider } from "@/lib/crm/frappe-client";
import { FrappeError } from "@/lib/crm/frappe-error";
import { getActivities } from "@/lib/crm/get-activities";
import { getFrappeClient } from "@/lib/crm/get-frappe-client";
import { conversationSummaryNote } from "@/lib/crm/note-payload";
import { reconcileCallLogs } from "@/lib/crm/reconcile-call-logs";
import { refreshFrappeToken } from "@/lib/crm/refresh-frappe-token";
import { upsertCallLog } from "@/lib/crm/upsert-call-log";
import { type RunningFakeFrappe, startFakeFrappe } from "@/lib/sandbox/frappe/server";

/**
 * The Frappe client and CRM use-cases against the fake Frappe CRM over real HTTP (reference §7).
 * Each test starts from the fake's seed (reset).
 */
let fake: RunningFakeFrappe;
let config: TCrmConfig;
let client: FrappeClient;

beforeAll(async () => {
  fake = await startFakeFrappe({ port: 0 });
  config = parseCrmConfig({
    FRAPPE_URL: fake.url,
    FRAPPE_API_KEY: FRAPPE_SANDBOX_DEFAULTS.apiKey,
    FRAPPE_API_SECRET: FRAPPE_SANDBOX_DEFAULTS.apiSecret,
    FRAPPE_WEBHOOK_SECRET: FRAPPE_SANDBOX_DEFAULTS.webhookSecret,
  });
  client = getFrappeClient(config);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const docs = (doctype: string) => [...fake.store.table(doctype).values()];

describe("lead matching by phone", () => {
  it.each([
    // [how WhatsApp gives the number, the seeded lead, how it is written in the CRM]
    ["919812345678", "Priya Sharma", "mobile_no"], // "+91 98123 45678"
    ["+91 98765 43210", "Rahul Verma", "mobile_no"], // "09876543210"
    ["919845012345", "Anita Desai", "mobile_no"], // "98450-12345"
    ["07012345678", "Vikram Singh", "mobile_no"], // "917012345678"
    ["912223456789", "Kavita Iyer", "phone"], // landline "+91-22-2345-6789" in `phone`
  ])("finds %s → %s (by %s) without creating anything", async (phone, leadName, by) => {
    const before = docs("CRM Lead").length;
    const match = await findOrCreateLead({ phone, name: "Someone Else", ownerEmail: "agent@example.com", client, config });
    expect(match).toMatchObject({ doctype: "CRM Lead", created: false, matchedBy: by, title: leadName });
    expect(docs("CRM Lead")).toHaveLength(before);
  });

  it("finds the deal of a converted lead through its contact's Contact Phone rows", async () => {
    const match = await findOrCreateLead({ phone: "919900112233", client, config });
    const deal = docs("CRM Deal")[0]!;
    expect(match).toEqual({ doctype: "CRM Deal", name: deal.name, created: false, matchedBy: "contact_phone", title: "Nair Exports" });
  });

  it("rejects text that is not a phone number", async () => {
    await expect(findOrCreateLead({ phone: "not-a-number", client, config })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("lead creation", () => {
  it("creates a WhatsApp lead (creating the missing lead source) and finds it the next time", async () => {
    expect(fake.store.table("CRM Lead Source").has("WhatsApp")).toBe(false);
    const created = await findOrCreateLead({ phone: "918888777666", name: "Asha Rao", ownerEmail: "agent@example.com", client, config });
    expect(created).toMatchObject({ doctype: "CRM Lead", created: true, matchedBy: "created", title: "Asha Rao" });
    expect(created.name).toMatch(/^CRM-LEAD-\d{4}-\d{5}$/);
    const lead = fake.store.get("CRM Lead", created.name);
    expect(lead).toMatchObject({ first_name: "Asha", last_name: "Rao", mobile_no: "+918888777666", source: "WhatsApp", lead_owner: "agent@example.com", status: "New", owner: FRAPPE_SANDBOX_DEFAULTS.integrationUser });
    expect(fake.store.table("CRM Lead Source").has("WhatsApp")).toBe(true);

    const again = await findOrCreateLead({ phone: "+91 88887 77666", name: "Asha R.", client, config });
    expect(again).toMatchObject({ name: created.name, created: false });
    expect(docs("CRM Lead").filter((l) => l.mobile_no === "+918888777666")).toHaveLength(1);
  });

  it("still creates the lead when the agent has no Frappe user (owner left empty)", async () => {
    const created = await findOrCreateLead({ phone: "918888777667", name: "No Owner", ownerEmail: "nobody@example.com", client, config });
    expect(created.created).toBe(true);
    expect(fake.store.get("CRM Lead", created.name).lead_owner).toBeUndefined();
  });
});

const call = (over: Partial<TCrmCall> = {}): TCrmCall => ({
  id: "call_" + randomBytes(4).toString("hex"),
  direction: "inbound",
  status: "ringing",
  customerPhone: "+919812345678",
  businessPhone: "+15550001234",
  agentEmail: "agent@example.com",
  startedAt: "2026-03-01T04:30:00.000Z",
  reference: { doctype: "CRM Lead", name: "CRM-LEAD-2026-00001" },
  ...over,
});

describe("CRM Call Log", () => {
  it("is created when the call starts and updated when it ends, named by our call id", async () => {
    const c = call();
    expect(await upsertCallLog({ call: c, client, config })).toMatchObject({ name: c.id, action: "created" });
    expect(fake.store.get("CRM Call Log", c.id)).toMatchObject({ id: c.id, type: "Incoming", status: "Ringing", receiver: "agent@example.com", start_time: "2026-03-01 10:00:00", telephony_medium: "Manual" });
    expect(await upsertCallLog({ call: c, client, config })).toMatchObject({ action: "unchanged" });

    const ended = { ...c, status: "completed" as const, answeredAt: "2026-03-01T04:30:05.000Z", endedAt: "2026-03-01T04:32:10.000Z", recordingUrl: "https://app.example.com/rec/1?sig=x" };
    expect(await upsertCallLog({ call: ended, client, config })).toMatchObject({ action: "updated" });
    expect(fake.store.get("CRM Call Log", c.id)).toMatchObject({ status: "Completed", duration: 125, end_time: "2026-03-01 10:02:10", recording_url: "https://app.example.com/rec/1?sig=x" });

    // A delayed "ringing" sync after the end changes nothing.
    expect(await upsertCallLog({ call: c, client, config })).toMatchObject({ action: "unchanged" });
    expect(fake.store.get("CRM Call Log", c.id).status).toBe("Completed");
    expect(docs("CRM Call Log")).toHaveLength(1);
  });

  it("a retry after a timeout that had committed does not duplicate", async () => {
    const c = call();
    // The insert commits, then the proxy times out (504): the client sees a retryable failure.
    fake.store.faults.push({ status: 504, remaining: 1, method: "POST", pathIncludes: "CRM Call Log", afterCommit: true });
    const err = await upsertCallLog({ call: c, client, config }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrappeError);
    expect((err as FrappeError).retryable).toBe(true);
    expect(await upsertCallLog({ call: c, client, config })).toMatchObject({ action: "unchanged" });
    expect(docs("CRM Call Log").filter((d) => d.id === c.id)).toHaveLength(1);
  });

  it("reconciliation recreates a deleted log and repairs an edited one", async () => {
    const a = call({ status: "completed", endedAt: "2026-03-01T04:31:00.000Z", durationSec: 50 });
    const b = call({ status: "missed", endedAt: "2026-03-01T04:30:20.000Z" });
    await upsertCallLog({ call: a, client, config });
    await upsertCallLog({ call: b, client, config });
    fake.store.delete("CRM Call Log", a.id);
    fake.store.update("CRM Call Log", b.id, { status: "Completed", duration: 999 }, "manager@example.com");
    const summary = await reconcileCallLogs({ calls: [a, b], client, config });
    expect(summary).toEqual({ checked: 2, created: [a.id], repaired: [b.id], failed: [] });
    expect(fake.store.get("CRM Call Log", b.id).status).toBe("No Answer");
    expect(fake.store.get("CRM Call Log", a.id)).toMatchObject({ status: "Completed", duration: 50 });
  });
});

describe("notes, tasks and activities", () => {
  it("adds a note and a task once each, and get_activities returns them with the call", async () => {
    const reference = { doctype: "CRM Lead" as const, name: "CRM-LEAD-2026-00001" };
    const note = conversationSummaryNote({ reference, summary: "Wants 10 units <urgent>", at: new Date("2026-03-01T04:30:00Z"), timeZone: config.timeZone });
    const n1 = await addNote({ note, client });
    const n2 = await addNote({ note, client });
    expect(n1.created).toBe(true);
    expect(n2).toEqual({ name: n1.name, created: false });

    const task = { reference, title: "Demo call", dueAt: "2026-03-02T09:00:00.000Z", assignedTo: "agent@example.com", priority: "High" as const };
    const t1 = await createTask({ task, client, config });
    const t2 = await createTask({ task, client, config });
    expect(t1.created).toBe(true);
    expect(t2).toEqual({ name: t1.name, created: false });
    expect(fake.store.get("CRM Task", t1.name)).toMatchObject({ due_date: "2026-03-02 14:30:00", priority: "High", status: "Todo" });

    const c = call({ status: "completed", endedAt: "2026-03-01T04:31:00.000Z", durationSec: 42 });
    await upsertCallLog({ call: c, client, config });

    const acts = await getActivities({ name: reference.name, client });
    expect(acts.calls).toHaveLength(1); // referenced once, not also linked: listed once
    expect(acts.calls[0]).toMatchObject({ name: c.id, activity_type: "incoming_call", duration: 42, status: "Completed" });
    expect(acts.notes.map((x) => x.title)).toEqual([note.title]);
    expect(acts.notes[0]!.content).toBe("<p>Wants 10 units &lt;urgent&gt;</p>");
    expect(acts.tasks.map((x) => x.title)).toEqual(["Demo call"]);
    expect(acts.activities[0]).toMatchObject({ activity_type: "creation", data: "created this lead" });
  });

  it("get_activities of an unknown lead is a 404 DoesNotExistError", async () => {
    const err = await getActivities({ name: "CRM-LEAD-2026-99999", client }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrappeError);
    expect(err).toMatchObject({ httpStatus: 404, excType: "DoesNotExistError" });
  });
});

describe("Frappe errors", () => {
  it("417 validation: the clean message from the doubly encoded _server_messages", async () => {
    const err = await client.insert("CRM Call Log", { id: "x1", type: "Incoming", status: "Ringing", from: "+91" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrappeError);
    expect(err).toMatchObject({ httpStatus: 417, excType: "MandatoryError", messages: ["Error: Value missing for CRM Call Log: To"], retryable: false });
    const sel = await client.insert("CRM Call Log", { id: "x2", type: "Incoming", status: "Missed", from: "1", to: "2" }).catch((e: unknown) => e);
    expect((sel as FrappeError).text).toBe('Status cannot be "Missed". It should be one of "Initiated", "Ringing", "In Progress", "Completed", "Failed", "Busy", "No Answer", "Queued", "Canceled"');
    const link = await client.insert("CRM Lead", { first_name: "A", lead_owner: "ghost@example.com" }).catch((e: unknown) => e);
    expect(link).toMatchObject({ excType: "LinkValidationError", messages: ["Could not find Lead Owner: ghost@example.com"] });
  });

  it("409 duplicate name", async () => {
    await client.insert("CRM Call Log", { id: "dup-1", type: "Incoming", status: "Ringing", from: "1", to: "2" });
    const err = await client.insert("CRM Call Log", { id: "dup-1", type: "Incoming", status: "Ringing", from: "1", to: "2" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatus: 409, excType: "DuplicateEntryError", isDuplicate: true, retryable: false });
    expect((err as FrappeError).text).toBe("CRM Call Log dup-1 already exists");
  });

  it("403 for a user without CRM roles, 401 for a wrong key, and 404 for a missing doc", async () => {
    const website = new FrappeClient({ baseUrl: fake.url, auth: { kind: "token", apiKey: "website-key", apiSecret: "website-secret" } });
    await expect(website.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 403, excType: "PermissionError" });
    const wrong = new FrappeClient({ baseUrl: fake.url, auth: { kind: "token", apiKey: "nope", apiSecret: "nope" } });
    await expect(wrong.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 401, excType: "AuthenticationError" });
    const guest = new FrappeClient({ baseUrl: fake.url, auth: { kind: "none" } });
    await expect(guest.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 403 });
    expect(await client.findDoc("CRM Lead", "CRM-LEAD-2026-99999")).toBeNull();
  });

  it("5xx and 429 are FrappeErrors marked retryable, 429 with Retry-After", async () => {
    fake.store.faults.push({ status: 500, remaining: 1 }, { status: 429, remaining: 1, retryAfterSec: 9 }, { status: 502, remaining: 1 });
    await expect(client.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 500, retryable: true, excType: "OperationalError" });
    await expect(client.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 429, retryable: true, retryAfterMs: 9000, code: "RATE_LIMITED" });
    await expect(client.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 502, retryable: true, messages: [] });
    expect((await client.getList("CRM Lead")).length).toBeGreaterThan(0);
  });

  it("Frappe down (503, then connection refused) is retryable, and it answers again once back", async () => {
    await fake.goDown("503");
    await expect(client.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 503, excType: "SessionStopped", retryable: true });
    await fake.goDown("refuse");
    await expect(client.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 0, excType: "NetworkError", retryable: true });
    await fake.comeUp();
    expect((await client.getList("CRM Lead")).length).toBeGreaterThan(0);
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
  const consent = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.authorize?${q}`, { headers: { cookie: `sid=${sid}` }, redirect: "manual" });
  expect(consent.status).toBe(200);
  expect(await consent.text()).toContain("Confirm Access");
  const approve = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.approve`, {
    method: "POST",
    headers: { cookie: `sid=${sid}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...Object.fromEntries(q), allow: "1" }).toString(),
    redirect: "manual",
  });
  const location = new URL(approve.headers.get("location")!);
  expect(location.searchParams.get("state")).toBe("st");
  const code = location.searchParams.get("code")!;
  const token = async (extra: Record<string, string>) =>
    fetch(`${fake.url}/api/method/frappe.integrations.oauth2.get_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: FRAPPE_SANDBOX_DEFAULTS.oauthClientId, client_secret: FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret, ...extra }).toString(),
    });
  const res = await token({ code_verifier: verifier });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; refresh_token: string; id_token?: string; token_type: string };
  expect(body.token_type).toBe("Bearer");
  expect(body.id_token?.split(".")).toHaveLength(3);
  // The code is single use.
  expect((await token({ code_verifier: verifier })).status).toBe(400);
  return body;
}

describe("OAuth bearer tokens", () => {
  it("a wrong PKCE verifier is invalid_grant", async () => {
    const login = await fetch(`${fake.url}/api/method/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ usr: "agent@example.com", pwd: "agent" }) });
    const sid = /sid=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")![1]!;
    const challenge = createHash("sha256").update("right-verifier-right-verifier-right-verifier").digest("base64url");
    const redirectUri = "http://localhost:3000/api/auth/callback/frappe";
    const q = new URLSearchParams({ client_id: FRAPPE_SANDBOX_DEFAULTS.oauthClientId, redirect_uri: redirectUri, response_type: "code", scope: "all", state: "s", code_challenge: challenge, code_challenge_method: "S256" });
    const approve = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.approve`, { method: "POST", headers: { cookie: `sid=${sid}`, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...Object.fromEntries(q), allow: "1" }).toString(), redirect: "manual" });
    const code = new URL(approve.headers.get("location")!).searchParams.get("code")!;
    const res = await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.get_token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: FRAPPE_SANDBOX_DEFAULTS.oauthClientId, client_secret: FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret, code_verifier: "wrong-verifier-wrong-verifier-wrong-verifier" }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("an expired token gets 401; the client refreshes once and retries as the same user", async () => {
    const first = await oauthLogin("agent@example.com", "agent");
    let access = first.access_token;
    let refresh = first.refresh_token;
    let refreshes = 0;
    const tokens: FrappeTokenProvider = {
      getAccessToken: async () => access,
      refresh: async () => {
        refreshes++;
        const t = await refreshFrappeToken({ baseUrl: fake.url, clientId: FRAPPE_SANDBOX_DEFAULTS.oauthClientId, clientSecret: FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret, refreshToken: refresh });
        access = t.access_token;
        refresh = t.refresh_token ?? refresh;
        return access;
      },
    };
    const asAgent = new FrappeClient({ baseUrl: fake.url, auth: { kind: "bearer", tokens } });
    expect(await asAgent.call("frappe.auth.get_logged_user", {}, "GET")).toBe("agent@example.com");
    expect(refreshes).toBe(0);

    fake.store.expireAccessTokens("agent@example.com");
    const created = await asAgent.insert<{ name: string; owner: string }>("FCRM Note", { title: "By the agent", reference_doctype: "CRM Lead", reference_docname: "CRM-LEAD-2026-00001" });
    expect(refreshes).toBe(1);
    expect(created.owner).toBe("agent@example.com");
    expect(docs("FCRM Note").filter((n) => n.title === "By the agent")).toHaveLength(1);
    expect(access).not.toBe(first.access_token);

    // The userinfo endpoint works with the refreshed token (role mapping reads `roles`).
    const profile = (await (await fetch(`${fake.url}/api/method/frappe.integrations.oauth2.openid_profile`, { headers: { authorization: `Bearer ${access}` } })).json()) as { email: string; roles: string[]; sub: string };
    expect(profile).toMatchObject({ email: "agent@example.com" });
    expect(profile.roles).toContain("Sales User");
    expect(profile.sub).toHaveLength(39);
  });

  it("a refresh that cannot help fails with the 401/400 once, without looping", async () => {
    let refreshes = 0;
    const tokens: FrappeTokenProvider = {
      getAccessToken: async () => "expired-token",
      refresh: async () => {
        refreshes++;
        return "still-bad";
      },
    };
    const c = new FrappeClient({ baseUrl: fake.url, auth: { kind: "bearer", tokens } });
    await expect(c.getList("CRM Lead")).rejects.toMatchObject({ httpStatus: 401, isAuthError: true });
    expect(refreshes).toBe(1);
  });
});
