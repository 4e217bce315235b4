import { createHash } from "node:crypto";
import type { User, Workspace } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, seedApiKey, seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
let app: HttpApp;
let ws: Workspace;
let admin: User;
let supervisor: User;
let adminCookie: string;
let asAdmin: Record<string, string>;

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  ws = await seedWorkspace(t.db);
  admin = await seedUser(t.db, { workspaceId: ws.id, role: "admin" });
  supervisor = await seedUser(t.db, { workspaceId: ws.id, role: "supervisor" });
  adminCookie = await sessionCookie(admin);
  asAdmin = { cookie: adminCookie };
});
afterAll(async () => {
  await app.close();
  await t.close();
});

async function api(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(app.url + path, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

describe("API keys", () => {
  it("an admin creates a key: shown once, stored as SHA-256, audited, and it authenticates", async () => {
    const r = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "Zapier", scopes: ["read"] } });
    expect(r.status).toBe(201);
    const { apiKey, key } = r.body;
    expect(key).toMatch(/^wcc_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: "Zapier",
      prefix: key.slice(0, 10),
      scopes: ["read"],
      role: "admin",
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
    });
    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(row).toMatchObject({ workspaceId: ws.id, createdById: admin.id });
    expect(JSON.stringify(row)).not.toContain(key);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "api_key.created", targetId: apiKey.id } });
    expect(audit).toMatchObject({ workspaceId: ws.id, actorId: admin.id });
    expect(JSON.stringify(audit)).not.toContain(key);

    // The key works, and the list never shows it again.
    const me = await api("/api/v1/me", { headers: bearer(key) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: "api_key", workspaceId: ws.id, id: admin.id, name: "Zapier" });
    expect((await t.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();
    const list = await api("/api/v1/api-keys", { headers: asAdmin });
    expect(list.body.data.map((k: { id: string }) => k.id)).toContain(apiKey.id);
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain(row.hash);
  });

  it("scopes are cumulative: admin ⇒ write ⇒ read", async () => {
    const r = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "Ops", scopes: ["admin"] } });
    expect(r.body.apiKey.scopes).toEqual(["read", "write", "admin"]);
    const w = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "W", scopes: ["write", "read"] } });
    expect(w.body.apiKey.scopes).toEqual(["read", "write"]);
    // The admin-scoped key can both list (read) and create (admin).
    expect((await api("/api/v1/users", { headers: bearer(r.body.key) })).status).toBe(200);
  });

  it("a read-scoped key can GET but cannot POST (403), and writes nothing", async () => {
    const { key } = await seedApiKey(t.db, { workspaceId: ws.id, scopes: ["read"] });
    expect((await api("/api/v1/users", { headers: bearer(key) })).status).toBe(200);
    const before = await t.db.user.count();
    const r = await api("/api/v1/users", { method: "POST", headers: bearer(key), body: { email: "k@x.test", name: "K", role: "agent", password: "12345678" } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("FORBIDDEN");
    expect(await t.db.user.count()).toBe(before);
    // A write-scoped key is still not an admin-scoped one.
    const { key: writeKey } = await seedApiKey(t.db, { workspaceId: ws.id, scopes: ["read", "write"] });
    expect((await api("/api/v1/users", { method: "POST", headers: bearer(writeKey), body: { email: "k@x.test", name: "K", role: "agent", password: "12345678" } })).status).toBe(403);
    expect((await api("/api/v1/api-keys", { headers: bearer(writeKey) })).status).toBe(403);
  });

  it("revoked and expired keys → 401; a malformed Authorization header → 401", async () => {
    const { key: revoked } = await seedApiKey(t.db, { workspaceId: ws.id, revokedAt: new Date() });
    const { key: expired } = await seedApiKey(t.db, { workspaceId: ws.id, expiresAt: new Date(Date.now() - 1000) });
    const { key: future } = await seedApiKey(t.db, { workspaceId: ws.id, expiresAt: new Date(Date.now() + 3_600_000) });
    for (const k of [revoked, expired]) {
      const r = await api("/api/v1/me", { headers: bearer(k) });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("UNAUTHENTICATED");
    }
    expect((await api("/api/v1/me", { headers: bearer(future) })).status).toBe(200);
    expect((await api("/api/v1/me", { headers: bearer("wcc_" + "x".repeat(43)) })).status).toBe(401);
    expect((await api("/api/v1/me", { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } })).status).toBe(401);
    // A Bearer header wins over a valid session cookie: a bad key is not rescued by the cookie.
    expect((await api("/api/v1/me", { headers: { ...bearer(revoked), cookie: adminCookie } })).status).toBe(401);
  });

  it("revoking is immediate and idempotent (one audit entry)", async () => {
    const created = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "Temp", scopes: ["read"] } });
    const { apiKey, key } = created.body;
    const r1 = await api(`/api/v1/api-keys/${apiKey.id}`, { method: "DELETE", headers: asAdmin });
    expect(r1.status).toBe(200);
    expect(r1.body.revokedAt).toEqual(expect.any(String));
    expect((await api("/api/v1/me", { headers: bearer(key) })).status).toBe(401);
    const r2 = await api(`/api/v1/api-keys/${apiKey.id}`, { method: "DELETE", headers: asAdmin });
    expect(r2.status).toBe(200);
    expect(r2.body.revokedAt).toBe(r1.body.revokedAt);
    expect(await t.db.auditLog.count({ where: { action: "api_key.revoked", targetId: apiKey.id } })).toBe(1);
    expect((await api("/api/v1/api-keys/nope", { method: "DELETE", headers: asAdmin })).status).toBe(404);
  });

  it("an expiry in the past, no scopes, unknown scopes or fields → 400 naming the field", async () => {
    const past = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "Old", scopes: ["read"], expiresAt: "2020-01-01T00:00:00Z" } });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([{ field: "expiresAt", message: "Must be in the future" }]);
    const bad = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "X", scopes: [], role: "agent" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["role", "scopes"]);
    const unknown = await api("/api/v1/api-keys", { method: "POST", headers: asAdmin, body: { name: "X", scopes: ["root"] } });
    expect(unknown.body.error.details[0].field).toBe("scopes.0");
  });

  it("supervisors cannot manage keys (403)", async () => {
    const cookie = await sessionCookie(supervisor);
    expect((await api("/api/v1/api-keys", { headers: { cookie } })).status).toBe(403);
    expect((await api("/api/v1/api-keys", { method: "POST", headers: { cookie }, body: { name: "S", scopes: ["read"] } })).status).toBe(403);
  });
});

describe("GET /api/v1/audit-log", () => {
  it("pages newest first with a cursor, filters by action, admins only", async () => {
    const w2 = await seedWorkspace(t.db);
    const a2 = await seedUser(t.db, { workspaceId: w2.id, role: "admin" });
    const base = Date.UTC(2030, 0, 1);
    // Same timestamp for two rows: the id breaks the tie, so no row is skipped or repeated.
    for (let i = 0; i < 7; i++) {
      await t.db.auditLog.create({
        data: { workspaceId: w2.id, actorId: a2.id, action: i % 2 ? "user.updated" : "api_key.created", createdAt: new Date(base + Math.floor(i / 2) * 1000), data: { i } },
      });
    }
    const cookie = await sessionCookie(a2);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : "?limit=3";
      const r = await api(`/api/v1/audit-log${qs}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((e: { data: { i: number } }) => e.data.i));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 1)).toEqual([6]);

    const first = await api("/api/v1/audit-log?limit=1", { headers: { cookie } });
    expect(first.body.data[0]).toMatchObject({ actorId: a2.id, actorName: a2.name, actorType: "user", createdAt: new Date(base + 3000).toISOString() });

    const only = await api("/api/v1/audit-log?action=user.", { headers: { cookie } });
    expect(only.body.data.map((e: { action: string }) => e.action)).toEqual(["user.updated", "user.updated", "user.updated"]);

    expect((await api("/api/v1/audit-log?limit=0", { headers: { cookie } })).status).toBe(400);
    const badCursor = await api("/api/v1/audit-log?cursor=zzz", { headers: { cookie } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details[0].field).toBe("cursor");
    expect((await api("/api/v1/audit-log", { headers: { cookie: await sessionCookie(supervisor) } })).status).toBe(403);
  });
});
