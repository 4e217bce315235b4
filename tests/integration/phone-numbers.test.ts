import http from "node:http";
import type { AddressInfo } from "node:net";
import type { User, Workspace } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerForNumber } from "@/lib/messages/provider-for-number";
import { resetWhatsAppConfig } from "@/lib/whatsapp/config";
import { bearer, seedApiKey, seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Issue 3 §1 "more numbers can be added per workspace in Settings (tokens encrypted at rest)":
 * v1 CRUD over real HTTP, tenancy, the token never leaving, and "Test connection" against a fake
 * Graph API that answers like Meta (`GET /{phone-number-id}`, 190 OAuthException for a bad token).
 */
const TOKEN = "EAAGm0PX4ZCpsBAEXAMPLEnumbertoken9f3K";
const ENV_TOKEN = "env-access-token-0001";
let t: TestDb;
let app: HttpApp;
let graph: http.Server;
let graphUrl: string;
const graphCalls: { method: string; path: string; auth: string | undefined }[] = [];
let wsA: Workspace;
let wsB: Workspace;
let adminA: User;
let adminB: User;
let agentA: User;
const cookies: Record<string, string> = {};
const saved = { ...process.env };

/** Meta's answers (reference §9.1 and §5): the known number with the right token, else its errors. */
function startFakeGraph(): Promise<void> {
  const numbers: Record<string, { token: string; verified_name: string; display_phone_number: string }> = {
    "106540352242922": { token: TOKEN, verified_name: "Acme Realty", display_phone_number: "+91 98765 43210" },
    "106540352242933": { token: ENV_TOKEN, verified_name: "Acme Support", display_phone_number: "+91 98765 00000" },
  };
  graph = http.createServer((req, res) => {
    const auth = req.headers.authorization;
    graphCalls.push({ method: req.method!, path: req.url!, auth });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const m = /^\/v\d+\.\d+\/(\d+)(\/messages)?(\?.*)?$/.exec(req.url ?? "");
    const n = m ? numbers[m[1]] : undefined;
    if (n && auth !== `Bearer ${n.token}`) {
      return send(401, { error: { message: "Error validating access token: Session has expired on Friday, 27-Nov-26 10:00:00 PST.", type: "OAuthException", code: 190, error_subcode: 463, fbtrace_id: "AbCdEf" } });
    }
    if (!n) {
      return send(400, { error: { message: `Unsupported get request. Object with ID '${m?.[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: "GraphMethodException", code: 100, error_subcode: 33, fbtrace_id: "AbCdEf" } });
    }
    if (m![2]) return send(200, { success: true });
    send(200, { verified_name: n.verified_name, display_phone_number: n.display_phone_number, quality_rating: "GREEN", id: m![1] });
  });
  return new Promise((r) => graph.listen(0, "127.0.0.1", () => r()));
}

beforeAll(async () => {
  await startFakeGraph();
  graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  process.env.WHATSAPP_ACCESS_TOKEN = ENV_TOKEN;
  process.env.WHATSAPP_GRAPH_URL = graphUrl;
  process.env.WHATSAPP_PHONE_NUMBER_ID = "106540352242933";
  process.env.WHATSAPP_WABA_ID = "102290129340398";
  process.env.WHATSAPP_APP_SECRET = "pn-app-secret";
  process.env.WHATSAPP_VERIFY_TOKEN = "pn-verify";
  resetWhatsAppConfig();
  t = await createTestDb();
  app = await startHttpApp();
  wsA = await seedWorkspace(t.db);
  wsB = await seedWorkspace(t.db);
  adminA = await seedUser(t.db, { workspaceId: wsA.id, role: "admin" });
  adminB = await seedUser(t.db, { workspaceId: wsB.id, role: "admin" });
  agentA = await seedUser(t.db, { workspaceId: wsA.id, role: "agent" });
  cookies.adminA = await sessionCookie(adminA);
  cookies.adminB = await sessionCookie(adminB);
  cookies.agentA = await sessionCookie(agentA);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  await new Promise((r) => graph?.close(r));
  process.env = saved;
  resetWhatsAppConfig();
});

/** Every response body is kept, to check afterwards that no token ever left the server. */
const bodies: string[] = [];
async function api(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(app.url + path, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}
const as = (who: string) => ({ cookie: cookies[who] });

describe("WhatsApp numbers (v1 /phone-numbers)", () => {
  let created: { id: string };

  it("an admin adds a number: token stored encrypted, shown only as set + last 4, audited without it", async () => {
    const r = await api("/api/v1/phone-numbers", {
      method: "POST",
      headers: as("adminA"),
      body: { phoneNumberId: "106540352242922", wabaId: "102290129340398", displayPhone: "+91 98765 43210", accessToken: TOKEN, botEnabled: false },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      phoneNumberId: "106540352242922",
      wabaId: "102290129340398",
      displayPhone: "+91 98765 43210",
      verifiedName: null,
      tokenSet: true,
      tokenLast4: TOKEN.slice(-4),
      callingEnabled: true,
      botEnabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    created = r.body;
    const row = await t.db.phoneNumber.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.workspaceId).toBe(wsA.id);
    expect(row.accessTokenEnc).toBeTruthy();
    expect(row.accessTokenEnc).not.toContain(TOKEN);
    expect(Buffer.from(row.accessTokenEnc!, "base64").toString("latin1")).not.toContain(TOKEN);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "phone_number.created", targetId: created.id } });
    expect(audit).toMatchObject({ workspaceId: wsA.id, actorId: adminA.id });
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    expect(audit.data).toMatchObject({ tokenSet: true, phoneNumberId: "106540352242922" });
  });

  it("the same phone_number_id cannot be connected twice, even by another workspace (409)", async () => {
    const r = await api("/api/v1/phone-numbers", { method: "POST", headers: as("adminB"), body: { phoneNumberId: "106540352242922", displayPhone: "+91 1" } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("CONFLICT");
    expect(r.text).not.toContain(wsA.id);
  });

  it("bad input names the field; unknown fields are rejected", async () => {
    const r = await api("/api/v1/phone-numbers", { method: "POST", headers: as("adminA"), body: { phoneNumberId: "12ab", displayPhone: "+91 1", owner: "x" } });
    expect(r.status).toBe(400);
    const fields = r.body.error.details.map((d: { field: string }) => d.field).join(",");
    expect(fields).toContain("phoneNumberId");
    expect(fields).toContain("owner");
  });

  it("PATCH with a non-numeric WABA id → 400 naming the field, nothing changed", async () => {
    const r = await api(`/api/v1/phone-numbers/${created.id}`, { method: "PATCH", headers: as("adminA"), body: { wabaId: "waba-xyz" } });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([{ field: "wabaId", message: expect.any(String) }]);
    expect((await t.db.phoneNumber.findUniqueOrThrow({ where: { id: created.id } })).wabaId).toBe("102290129340398");
  });

  it("tenancy: another workspace's admin neither sees nor edits nor deletes nor tests the number", async () => {
    const list = await api("/api/v1/phone-numbers", { headers: as("adminB") });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([]);
    expect((await api(`/api/v1/phone-numbers/${created.id}`, { method: "PATCH", headers: as("adminB"), body: { botEnabled: true } })).status).toBe(404);
    expect((await api(`/api/v1/phone-numbers/${created.id}/test`, { method: "POST", headers: as("adminB") })).status).toBe(404);
    expect((await api(`/api/v1/phone-numbers/${created.id}`, { method: "DELETE", headers: as("adminB") })).status).toBe(404);
    expect(await t.db.phoneNumber.findUnique({ where: { id: created.id } })).toMatchObject({ botEnabled: false, workspaceId: wsA.id });
    const mine = await api("/api/v1/phone-numbers", { headers: as("adminA") });
    expect(mine.body.data.map((n: { id: string }) => n.id)).toEqual([created.id]);
  });

  it("agents get 403; an API key needs the admin scope", async () => {
    expect((await api("/api/v1/phone-numbers", { headers: as("agentA") })).status).toBe(403);
    expect((await api("/api/v1/phone-numbers", { method: "POST", headers: as("agentA"), body: { phoneNumberId: "1234567", displayPhone: "+1 2" } })).status).toBe(403);
    const readOnly = await seedApiKey(t.db, { workspaceId: wsA.id, scopes: ["read"] });
    expect((await api("/api/v1/phone-numbers", { headers: bearer(readOnly.key) })).status).toBe(403);
    const full = await seedApiKey(t.db, { workspaceId: wsA.id, scopes: ["read", "write", "admin"] });
    const r = await api("/api/v1/phone-numbers", { headers: bearer(full.key) });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(1);
  });

  it("Test connection calls GET /{phone-number-id} with the number's own token", async () => {
    graphCalls.length = 0;
    const r = await api(`/api/v1/phone-numbers/${created.id}/test`, { method: "POST", headers: as("adminA") });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, verifiedName: "Acme Realty", displayPhone: "+91 98765 43210", qualityRating: "GREEN", error: null });
    expect(graphCalls).toHaveLength(1);
    expect(graphCalls[0]).toMatchObject({ method: "GET", auth: `Bearer ${TOKEN}` });
    expect(graphCalls[0]!.path).toMatch(/^\/v\d+\.\d+\/106540352242922\?fields=/);
  });

  it("an expired/replaced token: Test connection shows Meta's own 190 text; sending uses the new token", async () => {
    const r = await api(`/api/v1/phone-numbers/${created.id}`, { method: "PATCH", headers: as("adminA"), body: { accessToken: "EAAGexpiredtoken7777", displayPhone: "+91 98765 43211" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tokenSet: true, tokenLast4: "7777", displayPhone: "+91 98765 43211" });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "phone_number.updated", targetId: created.id } });
    expect(audit.data).toMatchObject({ changes: { accessToken: "set", displayPhone: "+91 98765 43211" } });
    expect(JSON.stringify(audit)).not.toContain("EAAGexpiredtoken7777");

    const test = await api(`/api/v1/phone-numbers/${created.id}/test`, { method: "POST", headers: as("adminA") });
    expect(test.status).toBe(200);
    expect(test.body).toEqual({
      ok: false,
      verifiedName: null,
      displayPhone: null,
      qualityRating: null,
      error: { code: 190, cause: "auth", message: "Error validating access token: Session has expired on Friday, 27-Nov-26 10:00:00 PST." },
    });

    // The provider the jobs send with picks up the stored token (no restart, no stale cache).
    graphCalls.length = 0;
    const row = await t.db.phoneNumber.findUniqueOrThrow({ where: { id: created.id } });
    await expect(providerForNumber(row).markRead({ messageId: "wamid.x" })).rejects.toThrow(/190|access token/);
    expect(graphCalls[0]).toMatchObject({ method: "POST", path: expect.stringMatching(/\/106540352242922\/messages$/), auth: "Bearer EAAGexpiredtoken7777" });
  });

  it("removing the token falls back to the environment's token", async () => {
    const r = await api(`/api/v1/phone-numbers/${created.id}`, { method: "PATCH", headers: as("adminA"), body: { accessToken: null } });
    expect(r.body).toMatchObject({ tokenSet: false, tokenLast4: null });
    expect((await t.db.phoneNumber.findUniqueOrThrow({ where: { id: created.id } })).accessTokenEnc).toBeNull();
    graphCalls.length = 0;
    const test = await api(`/api/v1/phone-numbers/${created.id}/test`, { method: "POST", headers: as("adminA") });
    expect(graphCalls[0]?.auth).toBe(`Bearer ${ENV_TOKEN}`);
    // The env token is not this number's token at Meta: refused with Meta's text, not ours.
    expect(test.body.error).toMatchObject({ code: 190 });
  });

  it("a number id Meta does not know: Meta's 100 text is shown", async () => {
    const other = await api("/api/v1/phone-numbers", { method: "POST", headers: as("adminA"), body: { phoneNumberId: "999999999", displayPhone: "+1 555 0100", accessToken: "EAAGsomeothertoken" } });
    expect(other.status).toBe(201);
    const test = await api(`/api/v1/phone-numbers/${other.body.id}/test`, { method: "POST", headers: as("adminA") });
    expect(test.body.ok).toBe(false);
    expect(test.body.error.code).toBe(100);
    expect(test.body.error.message).toContain("Object with ID '999999999' does not exist");
    expect((await api(`/api/v1/phone-numbers/${other.body.id}`, { method: "DELETE", headers: as("adminA") })).status).toBe(200);
  });

  it("an admin removes a number: conversations stay, audit says so", async () => {
    const contact = await t.db.contact.create({ data: { workspaceId: wsA.id, waId: "919800000001", phone: "+919800000001", name: "Ravi" } });
    const conv = await t.db.conversation.create({ data: { workspaceId: wsA.id, contactId: contact.id, phoneNumberId: created.id } });
    const r = await api(`/api/v1/phone-numbers/${created.id}`, { method: "DELETE", headers: as("adminA") });
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(created.id);
    expect(await t.db.phoneNumber.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await t.db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).toMatchObject({ phoneNumberId: null });
    expect(await t.db.auditLog.count({ where: { action: "phone_number.deleted", targetId: created.id, actorId: adminA.id } })).toBe(1);
    expect((await api(`/api/v1/phone-numbers/${created.id}`, { method: "DELETE", headers: as("adminA") })).status).toBe(404);
  });

  it("no response body ever carried a token", () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) {
      expect(b).not.toContain(TOKEN);
      expect(b).not.toContain("EAAGexpiredtoken7777");
      expect(b).not.toContain("EAAGsomeothertoken");
      expect(b).not.toContain(ENV_TOKEN);
      expect(b).not.toContain("accessTokenEnc");
    }
  });
});
