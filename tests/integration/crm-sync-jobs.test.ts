import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FRAPPE_SANDBOX_DEFAULTS, resetCrmConfig } from "@/lib/crm/config";
import type { TCrmCall } from "@/lib/crm/crm.schema";
import { crmAddNoteJob, crmAddNoteKey } from "@/lib/crm/jobs/add-note";
import { crmCreateTaskJob, crmCreateTaskKey } from "@/lib/crm/jobs/create-task";
import { crmMatchLeadJob, crmMatchLeadKey } from "@/lib/crm/jobs/match-lead";
import { crmSyncCallLogJob, crmSyncCallLogKey } from "@/lib/crm/jobs/sync-call-log";
import { createEventBus, setEventBus, type EventBus } from "@/lib/events/bus";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { runJobsOnce } from "@/lib/jobs/runner";
import { type RunningFakeFrappe, startFakeFrappe } from "@/lib/sandbox/frappe/server";
import { seedWorkspace } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * CRM writes through the real outbox (Job table, runJobsOnce) against the fake Frappe CRM:
 * 5xx/429 are retried with nothing lost or duplicated, validation errors dead-letter at once, and
 * work queued while Frappe is down catches up exactly once when it is back. Time is injected
 * (`now`) so backoff delays pass without waiting.
 */
let t: TestDb;
let bus: EventBus;
let fake: RunningFakeFrappe;
let wsId: string;
const saved: Record<string, string | undefined> = {};
const ENV = ["FRAPPE_URL", "FRAPPE_API_KEY", "FRAPPE_API_SECRET", "FRAPPE_WEBHOOK_SECRET"] as const;

beforeAll(async () => {
  t = await createTestDb();
  bus = createEventBus();
  setEventBus(bus);
  fake = await startFakeFrappe({ port: 0 });
  for (const k of ENV) saved[k] = process.env[k];
  process.env.FRAPPE_URL = fake.url;
  process.env.FRAPPE_API_KEY = FRAPPE_SANDBOX_DEFAULTS.apiKey;
  process.env.FRAPPE_API_SECRET = FRAPPE_SANDBOX_DEFAULTS.apiSecret;
  process.env.FRAPPE_WEBHOOK_SECRET = FRAPPE_SANDBOX_DEFAULTS.webhookSecret;
  resetCrmConfig();
  wsId = (await seedWorkspace(t.db)).id;
});
afterAll(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetCrmConfig();
  await fake.close();
  setEventBus(undefined);
  await bus.close();
  await t.close();
});
beforeEach(async () => {
  fake.reset();
  await t.db.job.deleteMany();
});

/** The runners' clock: each round is 2 h later (past any backoff, which is capped at 1 h). */
let offsetMs = 0;
function later(): () => Date {
  offsetMs += 2 * 3600_000;
  const at = offsetMs;
  return () => new Date(Date.now() + at);
}

/** Runs the queue as later and later runners would, until nothing is due. */
async function drain(maxRounds = 20): Promise<void> {
  for (let round = 1; round <= maxRounds; round++) {
    const summary = await runJobsOnce({ limit: 20, now: later() });
    if (summary.claimed === 0) return;
  }
  throw new Error("queue did not drain");
}

const docs = (doctype: string) => [...fake.store.table(doctype).values()];
const jobs = () => t.db.job.findMany({ orderBy: { createdAt: "asc" } });

const baseCall: TCrmCall = {
  id: "call_jobs_1",
  direction: "inbound",
  status: "ringing",
  customerPhone: "+919812345678",
  businessPhone: "+15550001234",
  agentEmail: "agent@example.com",
  startedAt: "2026-03-01T04:30:00.000Z",
  reference: { doctype: "CRM Lead", name: "CRM-LEAD-2026-00001" },
};

async function enqueueCall(call: TCrmCall) {
  return enqueueJob({ name: crmSyncCallLogJob.name, payload: call, workspaceId: wsId, idempotencyKey: crmSyncCallLogKey(call) });
}

describe("retries through the job runner", () => {
  it("a 500 then success: retried, one call log", async () => {
    fake.store.faults.push({ status: 500, remaining: 1, method: "POST", pathIncludes: "CRM Call Log" });
    await enqueueCall(baseCall);
    const first = await runJobsOnce();
    expect(first.outcomes).toMatchObject({ failed: 1, succeeded: 0 });
    const [job] = await jobs();
    expect(job!.status).toBe("failed");
    expect(job!.lastError).toContain("OperationalError");
    await drain();
    expect((await jobs())[0]).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(docs("CRM Call Log").filter((d) => d.id === baseCall.id)).toHaveLength(1);
  });

  it("429s and a timeout after the commit: retried, nothing duplicated", async () => {
    fake.store.faults.push(
      { status: 429, remaining: 2, retryAfterSec: 3 },
      { status: 504, remaining: 1, method: "POST", pathIncludes: "FCRM Note", afterCommit: true },
    );
    const reference = { doctype: "CRM Lead" as const, name: "CRM-LEAD-2026-00001" };
    await enqueueJob({ name: crmAddNoteJob.name, payload: { key: "summary:conv1:1", note: { reference, title: "Summary · 1", content: "<p>Hi</p>" } }, workspaceId: wsId, idempotencyKey: crmAddNoteKey("summary:conv1:1") });
    await drain();
    const [job] = await jobs();
    expect(job).toMatchObject({ status: "succeeded" });
    expect(job!.attempts).toBeGreaterThanOrEqual(3);
    expect(docs("FCRM Note").filter((n) => n.title === "Summary · 1")).toHaveLength(1);
  });

  it("a 417 validation error dead-letters at once (retrying cannot help)", async () => {
    await enqueueJob({
      name: crmCreateTaskJob.name,
      payload: { appointmentId: "appt-x", task: { reference: { doctype: "CRM Lead", name: "CRM-LEAD-2026-99999" }, title: "Visit", dueAt: "2026-03-02T09:00:00.000Z" } },
      workspaceId: wsId,
      idempotencyKey: crmCreateTaskKey("appt-x"),
    });
    await runJobsOnce();
    const [job] = await jobs();
    expect(job).toMatchObject({ status: "dead", attempts: 1 });
    expect(job!.lastError).toContain("Could not find Reference Docname: CRM-LEAD-2026-99999");
    expect(docs("CRM Task")).toHaveLength(0);
  });
});

describe("Frappe down for a while, then back", () => {
  it("everything queued meanwhile catches up exactly once", async () => {
    const contact = await t.db.contact.create({ data: { workspaceId: wsId, waId: "918888000111", phone: "+918888000111", name: "Deepa Menon" } });
    await fake.goDown("refuse");

    const enqueueAll = async () => {
      await enqueueJob({ name: crmMatchLeadJob.name, payload: { contactId: contact.id, phone: "918888000111", name: "Deepa Menon", ownerEmail: "agent@example.com" }, workspaceId: wsId, idempotencyKey: crmMatchLeadKey({ contactId: contact.id, phone: "918888000111" }) });
      await enqueueCall(baseCall);
      await enqueueCall({ ...baseCall, status: "completed", answeredAt: "2026-03-01T04:30:05.000Z", endedAt: "2026-03-01T04:31:05.000Z" });
      const reference = { doctype: "CRM Lead" as const, name: "CRM-LEAD-2026-00001" };
      await enqueueJob({ name: crmAddNoteJob.name, payload: { key: "qual:1", note: { reference, title: "Qualification · 1", content: "<p>Budget 5L</p>" } }, workspaceId: wsId, idempotencyKey: crmAddNoteKey("qual:1") });
      await enqueueJob({ name: crmCreateTaskJob.name, payload: { appointmentId: "appt-1", task: { reference, title: "Site visit", dueAt: "2026-03-03T06:00:00.000Z", assignedTo: "agent@example.com" } }, workspaceId: wsId, idempotencyKey: crmCreateTaskKey("appt-1") });
    };
    await enqueueAll();

    // Several rounds while it is down: all fail, none is lost or dead.
    for (let i = 1; i <= 3; i++) await runJobsOnce({ limit: 20, now: later() });
    let all = await jobs();
    expect(all).toHaveLength(5);
    expect(all.every((j) => j.status === "failed" && j.attempts === 3)).toBe(true);
    expect(all.every((j) => /NetworkError|cannot reach/.test(j.lastError ?? ""))).toBe(true);

    // A second producer enqueues the same facts again (e.g. a webhook redelivery): no new jobs.
    await enqueueAll();
    expect(await jobs()).toHaveLength(5);

    await fake.comeUp();
    await drain();
    all = await jobs();
    expect(all.map((j) => j.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded", "succeeded"]);

    const leads = docs("CRM Lead").filter((l) => l.mobile_no === "+918888000111");
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ first_name: "Deepa", last_name: "Menon", source: "WhatsApp", lead_owner: "agent@example.com" });
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ crmDoctype: "CRM Lead", crmName: leads[0]!.name });

    const logs = docs("CRM Call Log");
    expect(logs).toHaveLength(1);
    // Whatever order the start and end syncs ran in, the log ends Completed with the end data.
    expect(logs[0]).toMatchObject({ name: baseCall.id, status: "Completed", duration: 60, end_time: "2026-03-01 10:01:05" });
    expect(docs("FCRM Note").filter((n) => n.title === "Qualification · 1")).toHaveLength(1);
    expect(docs("CRM Task").filter((x) => x.title === "Site visit")).toHaveLength(1);

    // Running again does nothing.
    expect((await runJobsOnce({ now: later() })).claimed).toBe(0);
  });
});
