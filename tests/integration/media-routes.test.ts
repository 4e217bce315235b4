import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/core/env";
import { signRequest } from "@/lib/media/signing";
import { verifyMediaToken } from "@/lib/media/token";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
let app: HttpApp;
beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("POST /api/media/token", () => {
  it("401 without a session", async () => {
    const res = await post("/api/media/token", "{}");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  });

  it("mints a token for a signed-in agent that verifies with the media secret", async () => {
    const ws = await t.db.workspace.create({ data: { name: "Media", slug: "media-token" } });
    const agent = await t.db.user.create({ data: { workspaceId: ws.id, email: "agent@media.test", name: "Agent", role: "agent" } });
    const res = await post("/api/media/token", "{}", { cookie: await sessionCookie(agent) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; url: string; expiresAt: string };
    expect(body.url).toBe(env().mediaServerPublicUrl);
    const check = verifyMediaToken(body.token, env().mediaServerSecret);
    expect(check).toMatchObject({ ok: true, claims: { userId: agent.id, workspaceId: ws.id, role: "agent" } });
    if (!check.ok) throw new Error("unreachable");
    expect(new Date(body.expiresAt).getTime()).toBe(check.claims.exp * 1000);
    expect(check.claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
    expect(verifyMediaToken(body.token, "some-other-secret-0123456789abcdefgh").ok).toBe(false);
  });

  it("rejects unknown fields and a call of another workspace", async () => {
    const wsA = await t.db.workspace.create({ data: { name: "A", slug: "media-a" } });
    const wsB = await t.db.workspace.create({ data: { name: "B", slug: "media-b" } });
    const agent = await t.db.user.create({ data: { workspaceId: wsA.id, email: "a@media.test", name: "A", role: "agent" } });
    const contactB = await t.db.contact.create({ data: { workspaceId: wsB.id, waId: "15550001111", phone: "+15550001111" } });
    const callB = await t.db.call.create({ data: { workspaceId: wsB.id, direction: "inbound", contactId: contactB.id } });
    const cookie = await sessionCookie(agent);

    const extra = await post("/api/media/token", JSON.stringify({ sneaky: 1 }), { cookie });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(await extra.json())).toContain("sneaky");

    const foreign = await post("/api/media/token", JSON.stringify({ callId: callB.id }), { cookie });
    expect(foreign.status).toBe(404);
  });

  it("a call's token only for a user web let into that call (its agent, or an open agent leg); without a call, for any agent", async () => {
    const ws = await t.db.workspace.create({ data: { name: "Join", slug: "media-join" } });
    const owner = await t.db.user.create({ data: { workspaceId: ws.id, email: "owner@media.test", name: "Owner", role: "agent" } });
    const other = await t.db.user.create({ data: { workspaceId: ws.id, email: "other@media.test", name: "Other", role: "agent" } });
    const contact = await t.db.contact.create({ data: { workspaceId: ws.id, waId: "15550002222", phone: "+15550002222" } });
    const call = await t.db.call.create({ data: { workspaceId: ws.id, direction: "inbound", contactId: contact.id, agentId: owner.id, status: "connecting" } });
    const body = JSON.stringify({ callId: call.id });

    const mine = await post("/api/media/token", body, { cookie: await sessionCookie(owner) });
    expect(mine.status).toBe(200);
    expect(verifyMediaToken(((await mine.json()) as { token: string }).token, env().mediaServerSecret)).toMatchObject({ ok: true, claims: { userId: owner.id, callId: call.id } });
    const notYours = await post("/api/media/token", body, { cookie: await sessionCookie(other) });
    expect(notYours.status).toBe(403);
    expect((await post("/api/media/token", "{}", { cookie: await sessionCookie(other) })).status).toBe(200);

    await t.db.callLeg.create({ data: { workspaceId: ws.id, callId: call.id, kind: "agent", userId: other.id } });
    expect((await post("/api/media/token", body, { cookie: await sessionCookie(other) })).status).toBe(200);
  });
});

describe("POST /api/media/events", () => {
  const event = { type: "media.worker_died", pid: 4242, slot: 1, at: new Date().toISOString() };
  const raw = JSON.stringify(event);

  it("401 when unsigned or signed with another secret; nothing recorded", async () => {
    expect((await post("/api/media/events", raw)).status).toBe(401);
    const wrong = await post("/api/media/events", raw, { "x-media-signature": signRequest(raw, "not-the-media-secret-0123456789abcdef") });
    expect(wrong.status).toBe(401);
    const stale = await post("/api/media/events", raw, { "x-media-signature": signRequest(raw, env().mediaServerSecret, Math.floor(Date.now() / 1000) - 600) });
    expect(stale.status).toBe(401);
    expect(await t.db.auditLog.count({ where: { action: "media.worker_died" } })).toBe(0);
  });

  it("200 when signed, and writes a system audit row", async () => {
    const res = await post("/api/media/events", raw, { "x-media-signature": signRequest(raw, env().mediaServerSecret) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const rows = await t.db.auditLog.findMany({ where: { action: "media.worker_died" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: "system", actorId: null, targetId: "4242", data: event });
  });

  it("400 for a signed body that is not a media event", async () => {
    const junk = JSON.stringify({ type: "DROP TABLE" });
    const res = await post("/api/media/events", junk, { "x-media-signature": signRequest(junk, env().mediaServerSecret) });
    expect(res.status).toBe(400);
  });
});
