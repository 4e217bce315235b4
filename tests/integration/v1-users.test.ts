import http from "node:http";
import type { User, Workspace } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { bearer, seedApiKey, seedUser, seedWorkspace } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
let app: HttpApp;
let ws: Workspace;
let admin: User;
let supervisor: User;
let agent: User;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  ws = await seedWorkspace(t.db);
  admin = await seedUser(t.db, { workspaceId: ws.id, role: "admin" });
  supervisor = await seedUser(t.db, { workspaceId: ws.id, role: "supervisor" });
  agent = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
  for (const u of [admin, supervisor, agent]) cookie[u.role] = await sessionCookie(u);
});
afterAll(async () => {
  await app.close();
  await t.close();
});

async function api(path: string, init: { method?: string; as?: string; headers?: Record<string, string>; body?: unknown; raw?: BodyInit } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.as) headers.cookie = cookie[init.as];
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(app.url + path, { method: init.method ?? "GET", headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

/**
 * Oversized uploads go over their own socket (agent: false): the server answers 413 without reading
 * the rest of the body and closes that connection, which must not poison fetch's keep-alive pool.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body read by path
function postRaw(path: string, chunks: Uint8Array[], headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(app.url + path, { method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    // The server may close before the upload finishes; the answer is what counts.
    req.on("error", (err) => (req.writableEnded ? undefined : reject(err)));
    const write = (i: number): void => {
      if (i === chunks.length) return void req.end();
      if (req.destroyed) return;
      if (req.write(chunks[i])) write(i + 1);
      else req.once("drain", () => write(i + 1));
    };
    write(0);
  });
}

const counts = async () => ({
  users: await t.db.user.count(),
  audit: await t.db.auditLog.count(),
});

describe("GET/PATCH /api/v1/me", () => {
  it("returns the signed-in user with presence", async () => {
    const r = await api("/api/v1/me", { as: "agent" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: agent.id,
      workspaceId: ws.id,
      role: "agent",
      name: agent.name,
      email: agent.email,
      kind: "user",
      presence: "offline",
    });
  });

  it("sets presence (stamping presenceAt, not audited) and name (audited)", async () => {
    const before = await t.db.user.findUniqueOrThrow({ where: { id: agent.id } });
    const auditBefore = await t.db.auditLog.count({ where: { targetId: agent.id } });
    const r = await api("/api/v1/me", { method: "PATCH", as: "agent", body: { presence: "online" } });
    expect(r.status).toBe(200);
    expect(r.body.presence).toBe("online");
    const after = await t.db.user.findUniqueOrThrow({ where: { id: agent.id } });
    expect(after.presence).toBe("online");
    expect(after.presenceAt.getTime()).toBeGreaterThanOrEqual(before.presenceAt.getTime());
    expect(await t.db.auditLog.count({ where: { targetId: agent.id } })).toBe(auditBefore);

    const r2 = await api("/api/v1/me", { method: "PATCH", as: "agent", body: { name: "Agent Renamed" } });
    expect(r2.body).toMatchObject({ name: "Agent Renamed", presence: "online" });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { targetId: agent.id, action: "user.updated" } });
    expect(audit.data).toEqual({ changes: { name: { from: agent.name, to: "Agent Renamed" } } });
  });

  it("rejects an unknown presence value and unknown fields, naming them", async () => {
    const r = await api("/api/v1/me", { method: "PATCH", as: "agent", body: { presence: "busy", role: "admin" } });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["presence", "role"]);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: agent.id } })).role).toBe("agent");
  });

  it("describes an API key caller, and refuses PATCH for it", async () => {
    const { key } = await seedApiKey(t.db, { workspaceId: ws.id, createdById: admin.id, name: "CI" });
    const r = await api("/api/v1/me", { headers: bearer(key) });
    expect(r.body).toEqual({ id: admin.id, workspaceId: ws.id, role: "admin", name: "CI", email: null, kind: "api_key", presence: null });
    const p = await api("/api/v1/me", { method: "PATCH", headers: bearer(key), body: { presence: "online" } });
    expect(p.status).toBe(403);
  });
});

describe("users", () => {
  it("no credentials → 401 on every users endpoint", async () => {
    for (const [method, path] of [["GET", "/api/v1/users"], ["POST", "/api/v1/users"], ["GET", `/api/v1/users/${agent.id}`], ["PATCH", `/api/v1/users/${agent.id}`]]) {
      const r = await api(path, { method, body: method === "GET" ? undefined : {} });
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("lists users for admins and supervisors; agents get 403", async () => {
    const r = await api("/api/v1/users", { as: "supervisor" });
    expect(r.status).toBe(200);
    expect(r.body.data.map((u: { id: string }) => u.id).sort()).toEqual([admin.id, supervisor.id, agent.id].sort());
    expect(r.body.data[0]).toEqual({
      id: expect.any(String),
      email: expect.any(String),
      name: expect.any(String),
      role: expect.any(String),
      presence: expect.any(String),
      capacity: 10,
      frappeUser: null,
      disabled: false,
      lastLoginAt: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(r.text).not.toContain("passwordHash");
    expect((await api("/api/v1/users", { as: "agent" })).status).toBe(403);
    expect((await api(`/api/v1/users/${admin.id}`, { as: "agent" })).status).toBe(403);
  });

  it("creates a user (201) with an audit entry; the password works as an argon2 hash", async () => {
    const r = await api("/api/v1/users", {
      method: "POST",
      as: "admin",
      body: { email: "New.Agent@Example.test", name: "New Agent", role: "agent", password: "correct horse" },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ email: "new.agent@example.test", name: "New Agent", role: "agent", disabled: false });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: r.body.id } });
    expect(row.workspaceId).toBe(ws.id);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, "correct horse")).toBe(true);
    expect(await verifyPassword(row.passwordHash!, "wrong horse")).toBe(false);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "user.created", targetId: r.body.id } });
    expect(audit).toMatchObject({ workspaceId: ws.id, actorId: admin.id, actorType: "user" });

    const g = await api(`/api/v1/users/${r.body.id}`, { as: "supervisor" });
    expect(g.body).toEqual(r.body);
  });

  it("supervisors cannot create users (403) and nothing is written", async () => {
    const before = await counts();
    const r = await api("/api/v1/users", { method: "POST", as: "supervisor", body: { email: "s@x.test", name: "S", role: "admin", password: "12345678" } });
    expect(r.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("a duplicate email → 409 and no partial rows", async () => {
    const before = await counts();
    const r = await api("/api/v1/users", { method: "POST", as: "admin", body: { email: agent.email.toUpperCase(), name: "Dup", role: "agent", password: "12345678" } });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "CONFLICT", details: [{ field: "email", message: "Already taken" }] });
    expect(await counts()).toEqual(before);
  });

  it("two concurrent creates with one email: one 201, one 409, one row", async () => {
    const body = { email: "race@x.test", name: "Race", role: "agent", password: "12345678" };
    const [a, b] = await Promise.all([
      api("/api/v1/users", { method: "POST", as: "admin", body }),
      api("/api/v1/users", { method: "POST", as: "admin", body }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await t.db.user.count({ where: { email: "race@x.test" } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "user.created", data: { path: ["email"], equals: "race@x.test" } } })).toBe(1);
  });

  it("bad input: short password, bad email, unknown field, malformed JSON, wrong content type", async () => {
    const short = await api("/api/v1/users", { method: "POST", as: "admin", body: { email: "not-an-email", name: "", role: "owner", password: "short", isRoot: true } });
    expect(short.status).toBe(400);
    expect(short.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["email", "isRoot", "name", "password", "role"]);

    const malformed = await api("/api/v1/users", { method: "POST", as: "admin", raw: '{"email": "a@b.test",', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual([{ field: "(body)", message: "Malformed JSON" }]);

    const form = await api("/api/v1/users", { method: "POST", as: "admin", raw: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
  });

  it("oversized body → 413, declared or streamed, and nothing written", async () => {
    const before = await counts();
    const big = JSON.stringify({ email: "big@x.test", name: "x".repeat(1_100_000), role: "agent", password: "12345678" });
    const bytes = new TextEncoder().encode(big);
    const declared = await postRaw("/api/v1/users", [bytes], {
      "content-type": "application/json",
      "content-length": String(bytes.length),
      cookie: cookie.admin,
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("PAYLOAD_TOO_LARGE");

    // Chunked, no content-length: the limit is enforced while reading the stream.
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 64 * 1024) chunks.push(bytes.subarray(i, i + 64 * 1024));
    const streamed = await postRaw("/api/v1/users", chunks, { "content-type": "application/json", cookie: cookie.admin });
    expect(streamed.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it("nothing half-written: when the audit write fails, the user row is rolled back", async () => {
    // A real database failure on the audit insert (no mocks): a trigger that raises for user.created.
    // Raw SQL resolves names through search_path, so qualify them with this file's schema on PostgreSQL.
    const q = t.schema ? `"${t.schema}".` : "";
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION ${q}fail_user_created_audit() RETURNS trigger AS $$
      BEGIN
        IF NEW.action = 'user.created' THEN RAISE EXCEPTION 'audit store unavailable'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await t.db.$executeRawUnsafe(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON ${q}"AuditLog" FOR EACH ROW EXECUTE FUNCTION ${q}fail_user_created_audit()`,
    );
    try {
      const before = await counts();
      const r = await api("/api/v1/users", { method: "POST", as: "admin", body: { email: "half@x.test", name: "Half", role: "agent", password: "12345678" } });
      expect(r.status).toBe(500);
      expect(r.body.error).toEqual({ code: "INTERNAL", message: "Something went wrong on our side." });
      expect(r.text).not.toContain("audit store unavailable");
      expect(await counts()).toEqual(before);
      expect(await t.db.user.count({ where: { email: "half@x.test" } })).toBe(0);
    } finally {
      await t.db.$executeRawUnsafe(`DROP TRIGGER fail_audit ON ${q}"AuditLog"`);
      await t.db.$executeRawUnsafe(`DROP FUNCTION ${q}fail_user_created_audit()`);
    }
  });

  it("updates name and capacity (user.updated), role (user.role_changed from/to), disable/enable", async () => {
    const u = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
    const r = await api(`/api/v1/users/${u.id}`, { method: "PATCH", as: "admin", body: { name: "Renamed", capacity: 3, role: "supervisor" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: u.id, name: "Renamed", capacity: 3, role: "supervisor" });
    const actions = async () =>
      (await t.db.auditLog.findMany({ where: { targetId: u.id }, orderBy: { createdAt: "asc" } })).map((a) => [a.action, a.data]);
    expect(await actions()).toEqual([
      ["user.updated", { changes: { name: { from: u.name, to: "Renamed" }, capacity: { from: 10, to: 3 } } }],
      ["user.role_changed", { from: "agent", to: "supervisor" }],
    ]);

    const d = await api(`/api/v1/users/${u.id}`, { method: "PATCH", as: "admin", body: { disabled: true } });
    expect(d.body).toMatchObject({ disabled: true, presence: "offline" });
    // A disabled user's session stops working at once.
    expect((await api("/api/v1/me", { headers: { cookie: await sessionCookie(u) } })).status).toBe(401);
    const e = await api(`/api/v1/users/${u.id}`, { method: "PATCH", as: "admin", body: { disabled: false } });
    expect(e.body.disabled).toBe(false);
    expect((await actions()).map((a) => a[0])).toEqual(["user.updated", "user.role_changed", "user.disabled", "user.enabled"]);

    // A no-op PATCH writes nothing.
    const n = await api(`/api/v1/users/${u.id}`, { method: "PATCH", as: "admin", body: { name: "Renamed", disabled: false } });
    expect(n.status).toBe(200);
    expect(await actions()).toHaveLength(4);
  });

  it("maps a user to a Frappe CRM user (audited) and clears it", async () => {
    const u = await seedUser(t.db, { workspaceId: ws.id, role: "agent" });
    const set = await api(`/api/v1/users/${u.id}`, { method: "PATCH", as: "admin", body: { frappeUser: "priya@crm.example.com" } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ frappeUser: "priya@crm.example.com" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).frappeUser).toBe("priya@crm.example.com");
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { targetId: u.id, action: "user.updated" } });
    expect(audit.data).toEqual({ changes: { frappeUser: { from: null, to: "priya@crm.example.com" } } });
    const cleared = await api(`/api/v1/users/${u.id}`, { method: "PATCH", as: "admin", body: { frappeUser: null } });
    expect(cleared.body).toMatchObject({ frappeUser: null });
  });

  it("the last active admin cannot demote or disable themselves (409); with a second admin they can", async () => {
    const demote = await api(`/api/v1/users/${admin.id}`, { method: "PATCH", as: "admin", body: { role: "agent" } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last active admin/);
    const disable = await api(`/api/v1/users/${admin.id}`, { method: "PATCH", as: "admin", body: { disabled: true } });
    expect(disable.status).toBe(409);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: "admin", disabledAt: null });

    // A disabled admin does not count as an active one.
    const dormant = await seedUser(t.db, { workspaceId: ws.id, role: "admin", disabled: true });
    expect((await api(`/api/v1/users/${admin.id}`, { method: "PATCH", as: "admin", body: { role: "agent" } })).status).toBe(409);

    // An admin API key cannot remove the last admin either.
    const { key } = await seedApiKey(t.db, { workspaceId: ws.id, createdById: admin.id });
    expect((await api(`/api/v1/users/${admin.id}`, { method: "PATCH", headers: bearer(key), body: { role: "agent" } })).status).toBe(409);

    const second = await api(`/api/v1/users/${dormant.id}`, { method: "PATCH", as: "admin", body: { disabled: false } });
    expect(second.status).toBe(200);
    const ok = await api(`/api/v1/users/${admin.id}`, { method: "PATCH", as: "admin", body: { role: "supervisor" } });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe("supervisor");
    // The role is re-read on each request: the former admin is now refused.
    expect((await api("/api/v1/users", { method: "POST", as: "admin", body: { email: "z@x.test", name: "Z", role: "agent", password: "12345678" } })).status).toBe(403);
  });

  it("two admins demoting each other at once: one wins, the workspace keeps an admin", async () => {
    const w = await seedWorkspace(t.db);
    const x = await seedUser(t.db, { workspaceId: w.id, role: "admin" });
    const y = await seedUser(t.db, { workspaceId: w.id, role: "admin" });
    const [rx, ry] = await Promise.all([
      api(`/api/v1/users/${y.id}`, { method: "PATCH", headers: { cookie: await sessionCookie(x) }, body: { role: "agent" } }),
      api(`/api/v1/users/${x.id}`, { method: "PATCH", headers: { cookie: await sessionCookie(y) }, body: { role: "agent" } }),
    ]);
    expect([rx.status, ry.status].filter((s) => s === 200)).toHaveLength(1);
    expect(await t.db.user.count({ where: { workspaceId: w.id, role: "admin", disabledAt: null } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { workspaceId: w.id, action: "user.role_changed" } })).toBe(1);
  });

  it("unknown user id → 404", async () => {
    expect((await api("/api/v1/users/nope", { headers: { cookie: await sessionCookie(supervisor) } })).status).toBe(404);
  });
});
