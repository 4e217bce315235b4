import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";

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

it("routes requests over HTTP and resolves a session cookie", async () => {
  const ws = await t.db.workspace.create({ data: { name: "A", slug: "a" } });
  const u = await t.db.user.create({ data: { workspaceId: ws.id, email: "a@x.test", name: "A", role: "agent" } });
  expect((await fetch(`${app.url}/api/v1/me`)).status).toBe(401);
  const res = await fetch(`${app.url}/api/v1/me`, { headers: { cookie: await sessionCookie(u) } });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ id: u.id, role: "agent" });
});
