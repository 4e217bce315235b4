import { afterAll, beforeAll, expect, it } from "vitest";
import { seedUser, seedWorkspace } from "../helpers/factories";
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

it("GET /api/calls/agents lists the workspace's people with presence and who is on a call", async () => {
  const ws = await seedWorkspace(t.db);
  const other = await seedWorkspace(t.db, { name: "Other", slug: "other" });
  const a = await seedUser(t.db, { workspaceId: ws.id, role: "agent", name: "Asha" });
  const b = await seedUser(t.db, { workspaceId: ws.id, role: "agent", name: "Bala" });
  await seedUser(t.db, { workspaceId: other.id, role: "agent", name: "Stranger" });
  await t.db.user.update({ where: { id: b.id }, data: { presence: "online" } });
  const contact = await t.db.contact.create({ data: { workspaceId: ws.id, waId: "919800000001" } });
  await t.db.call.create({ data: { workspaceId: ws.id, direction: "inbound", status: "in_progress", contactId: contact.id, agentId: b.id } });

  expect((await fetch(`${app.url}/api/calls/agents`)).status).toBe(401);
  const res = await fetch(`${app.url}/api/calls/agents`, { headers: { cookie: await sessionCookie(a) } });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { id: string; name: string; presence: string; busy: boolean }[] };
  expect(data.map((u) => u.name)).toEqual(["Asha", "Bala"]);
  expect(data.find((u) => u.id === b.id)).toMatchObject({ presence: "online", busy: true });
  expect(data.find((u) => u.id === a.id)).toMatchObject({ busy: false });
});
