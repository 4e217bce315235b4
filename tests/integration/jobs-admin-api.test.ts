import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { defineJob } from "@/lib/jobs/job-definition";
import type { TJobDTO, TJobList } from "@/lib/jobs/job.schema";
import { registerJob } from "@/lib/jobs/registry";
import { runJobsOnce } from "@/lib/jobs/runner";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/** Admin dead-letter API: GET /api/v1/jobs and POST /api/v1/jobs/{id}/retry over real HTTP. */
let t: TestDb;
let app: HttpApp;
let bus: EventBus;
let wsA: string;
let wsB: string;
type U = { id: string; email: string; name: string; role: string; workspaceId: string };
let adminA: U, agentA: U, adminB: U;
let deadA: string[] = [];
let deadB: string;
const ran: string[] = [];

registerJob(
  defineJob({
    name: "test.admin",
    version: 1,
    payload: z.object({}).passthrough(),
    handler: async () => ({
      default: async (_p: unknown, ctx) => {
        ran.push(ctx.jobId);
      },
    }),
  }),
);

beforeAll(async () => {
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  app = await startHttpApp();
  wsA = (await t.db.workspace.create({ data: { name: "A", slug: "jobs-a" } })).id;
  wsB = (await t.db.workspace.create({ data: { name: "B", slug: "jobs-b" } })).id;
  const mk = (workspaceId: string, email: string, role: "admin" | "agent") =>
    t.db.user.create({ data: { workspaceId, email, name: email, role } });
  adminA = await mk(wsA, "admin@ja.test", "admin");
  agentA = await mk(wsA, "agent@ja.test", "agent");
  adminB = await mk(wsB, "admin@jb.test", "admin");
  const dead = (workspaceId: string, i: number) =>
    t.db.job.create({
      data: {
        workspaceId,
        name: "test.admin",
        status: "dead",
        attempts: 8,
        lastError: `Error: failure ${i}`,
        createdAt: new Date(Date.UTC(2030, 0, 1, 0, i)),
      },
    });
  deadA = [(await dead(wsA, 1)).id, (await dead(wsA, 2)).id, (await dead(wsA, 3)).id];
  deadB = (await dead(wsB, 4)).id;
  await t.db.job.create({
    data: { workspaceId: wsA, name: "test.admin", status: "queued", runAt: new Date(Date.UTC(2100, 0, 1)) },
  });
});
afterAll(async () => {
  await app.close();
  setEventBus(undefined);
  await bus.close();
  await t.close();
});

type Body = Partial<TJobList> &
  Partial<TJobDTO> & { error?: { code: string; details: { field: string; message: string }[] } };

async function call(user: U | null, path: string, init: RequestInit = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (user) headers.cookie = await sessionCookie(user);
  const res = await fetch(`${app.url}${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as Body };
}

it("requires a session and the jobs:manage permission", async () => {
  expect((await call(null, "/api/v1/jobs")).status).toBe(401);
  expect((await call(agentA, "/api/v1/jobs?status=dead")).status).toBe(403);
  expect((await call(agentA, `/api/v1/jobs/${deadA[0]}/retry`, { method: "POST" })).status).toBe(403);
});

it("lists the workspace's dead jobs newest first with cursor pagination", async () => {
  const p1 = await call(adminA, "/api/v1/jobs?status=dead&limit=2");
  expect(p1.status).toBe(200);
  expect(p1.body.data!.map((j: { id: string }) => j.id)).toEqual([deadA[2], deadA[1]]);
  expect(p1.body.data![0]).toMatchObject({
    name: "test.admin",
    status: "dead",
    attempts: 8,
    lastError: "Error: failure 3",
  });
  expect(p1.body.nextCursor).toBe(deadA[1]);
  const p2 = await call(adminA, `/api/v1/jobs?status=dead&limit=2&cursor=${p1.body.nextCursor}`);
  expect(p2.body.data!.map((j: { id: string }) => j.id)).toEqual([deadA[0]]);
  expect(p2.body.nextCursor).toBeNull();

  const queued = await call(adminA, "/api/v1/jobs?status=queued");
  expect(queued.body.data!).toHaveLength(1);
  expect(queued.body.data![0].status).toBe("queued");

  // Workspace B sees only its own.
  const b = await call(adminB, "/api/v1/jobs?status=dead");
  expect(b.body.data!.map((j: { id: string }) => j.id)).toEqual([deadB]);
});

it("rejects unknown statuses and unknown query fields with 400 naming the field", async () => {
  const bad = await call(adminA, "/api/v1/jobs?status=exploded");
  expect(bad.status).toBe(400);
  expect(bad.body.error!.details[0].field).toBe("status");
  const unknown = await call(adminA, "/api/v1/jobs?sort=asc");
  expect(unknown.status).toBe(400);
  expect(unknown.body.error!.details).toContainEqual({ field: "sort", message: "Unknown field" });
});

it("retries a dead job: back to queued with attempts reset, audit-logged, then runs", async () => {
  const r = await call(adminA, `/api/v1/jobs/${deadA[0]}/retry`, { method: "POST" });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ id: deadA[0], status: "queued", attempts: 0 });

  const audit = await t.db.auditLog.findMany({ where: { action: "job.retried", targetId: deadA[0] } });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({
    workspaceId: wsA,
    actorId: adminA.id,
    actorType: "user",
    targetType: "job",
  });

  // No longer dead-lettered; a second retry is a state error, not a second queue entry.
  const again = await call(adminA, `/api/v1/jobs/${deadA[0]}/retry`, { method: "POST" });
  expect(again.status).toBe(409);
  expect(again.body.error!.code).toBe("INVALID_STATE");
  expect((await call(adminA, "/api/v1/jobs?status=dead")).body.data!).toHaveLength(2);

  const summary = await runJobsOnce({ workerId: "after-retry" });
  expect(summary.outcomes.succeeded).toBe(1);
  expect(ran).toEqual([deadA[0]]);
  expect(await t.db.job.findUniqueOrThrow({ where: { id: deadA[0] } })).toMatchObject({
    status: "succeeded",
    attempts: 1,
  });
});

it("does not reveal or retry another workspace's job", async () => {
  const r = await call(adminA, `/api/v1/jobs/${deadB}/retry`, { method: "POST" });
  expect(r.status).toBe(404);
  expect(await t.db.job.findUniqueOrThrow({ where: { id: deadB } })).toMatchObject({
    status: "dead",
    attempts: 8,
  });
  expect(await t.db.auditLog.count({ where: { targetId: deadB } })).toBe(0);
});
