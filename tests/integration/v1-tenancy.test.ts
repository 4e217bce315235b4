import { randomBytes } from "node:crypto";
import type { Workspace } from "@prisma/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bearer, seedApiKey, seedUser, seedWorkspace } from "../helpers/factories";
import { sessionCookie, startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Tenancy: a caller of workspace A — signed in as A's admin, or with A's full-scope admin API key —
 * cannot read or change anything of workspace B through ANY documented v1 endpoint. The routes come
 * from the OpenAPI document (which v1-openapi.test.ts proves complete), so routes added by later
 * issues are covered without touching this file. Each path parameter is tried with every id B owns;
 * bodies are generated from the documented request schema so they pass validation and reach the
 * use-case.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON schemas read by path
type Json = Record<string, any>;

let t: TestDb;
let app: HttpApp;
let A: Workspace;
let B: Workspace;
let bIds: string[] = [];
let bSecrets: string[] = [];
let credsA: { label: string; headers: Record<string, string> }[] = [];
let bAdminCookie: string;
let doc: { paths: Record<string, Record<string, Json>> };

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  A = await seedWorkspace(t.db, { name: "Alpha", slug: "alpha" });
  B = await seedWorkspace(t.db, { name: "Bravo-Secret-Workspace", slug: "bravo-secret" });

  const aAdmin = await seedUser(t.db, { workspaceId: A.id, role: "admin" });
  await seedUser(t.db, { workspaceId: A.id, role: "agent" });
  const aKey = await seedApiKey(t.db, { workspaceId: A.id, createdById: aAdmin.id, scopes: ["read", "write", "admin"] });
  credsA = [
    { label: "A admin session", headers: { cookie: await sessionCookie(aAdmin) } },
    { label: "A admin API key", headers: bearer(aKey.key) },
  ];

  const bUsers = [];
  for (const role of ["admin", "supervisor", "agent"] as const) {
    bUsers.push(await seedUser(t.db, { workspaceId: B.id, role, name: `Bravo-Secret-${role}`, email: `bravo-secret-${role}@b.test` }));
  }
  bAdminCookie = await sessionCookie(bUsers[0]);
  const bKey = await seedApiKey(t.db, { workspaceId: B.id, createdById: bUsers[0].id, name: "Bravo-Secret-Key" });
  const bRevoked = await seedApiKey(t.db, { workspaceId: B.id, name: "Bravo-Secret-Revoked", revokedAt: new Date() });
  const bAudit = await t.db.auditLog.create({
    data: { workspaceId: B.id, actorId: bUsers[0].id, action: "user.created", targetType: "user", targetId: bUsers[2].id, data: { note: "Bravo-Secret-Audit" } },
  });
  const bJob = await t.db.job.create({
    data: { workspaceId: B.id, name: "bravo.secret.job", status: "dead", lastError: "Bravo-Secret-Error", payload: { note: "Bravo-Secret-Payload" } },
  });

  // One row of B's in every other domain, so every {id} route is probed with an id that exists.
  const bPhone = await t.db.phoneNumber.create({
    data: { workspaceId: B.id, phoneNumberId: "bravo-secret-pnid", displayPhone: "+1 555 0100", verifiedName: "Bravo-Secret-Number" },
  });
  const bContact = await t.db.contact.create({
    data: { workspaceId: B.id, waId: "15550100999", phone: "+15550100999", name: "Bravo-Secret-Contact", leadScore: 40 },
  });
  const bConversation = await t.db.conversation.create({
    data: { workspaceId: B.id, contactId: bContact.id, phoneNumberId: bPhone.id, lastMessageText: "Bravo-Secret-Message" },
  });
  const bMessage = await t.db.message.create({
    data: { workspaceId: B.id, conversationId: bConversation.id, contactId: bContact.id, direction: "inbound", type: "text", body: "Bravo-Secret-Message", metaId: "wamid.bravo-secret", status: "received" },
  });
  const bCall = await t.db.call.create({
    data: { workspaceId: B.id, direction: "inbound", status: "completed", contactId: bContact.id, conversationId: bConversation.id, agentId: bUsers[2].id, endedAt: new Date(), durationSec: 42 },
  });
  const bAppointment = await t.db.appointment.create({
    data: { workspaceId: B.id, contactId: bContact.id, agentId: bUsers[2].id, startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 88_200_000), title: "Bravo-Secret-Appointment" },
  });
  const bKnowledge = await t.db.knowledgeEntry.create({ data: { workspaceId: B.id, question: "Bravo-Secret-Question", answer: "Bravo-Secret-Answer" } });
  const bCanned = await t.db.cannedResponse.create({ data: { workspaceId: B.id, shortcut: "bravo-secret", body: "Bravo-Secret-Canned" } });
  await t.db.leadScoreChange.create({ data: { workspaceId: B.id, contactId: bContact.id, delta: 40, reason: "Bravo-Secret-Reason", scoreAfter: 40 } });

  bIds = [
    ...bUsers.map((u) => u.id),
    bKey.row.id,
    bRevoked.row.id,
    bAudit.id,
    bJob.id,
    bPhone.id,
    bContact.id,
    bConversation.id,
    bMessage.id,
    bCall.id,
    bAppointment.id,
    bKnowledge.id,
    bCanned.id,
  ];
  bSecrets = [
    B.id,
    B.slug,
    ...bIds,
    ...bUsers.flatMap((u) => [u.email, u.name]),
    bKey.row.prefix,
    bKey.row.hash,
    "Bravo-Secret",
  ];

  doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

/** Everything B owns, to prove at the end that nothing changed. */
async function snapshotB() {
  const where = { workspaceId: B.id };
  const orderBy = { id: "asc" } as const;
  return JSON.stringify({
    workspace: await t.db.workspace.findUnique({ where: { id: B.id } }),
    users: await t.db.user.findMany({ where, orderBy }),
    apiKeys: await t.db.apiKey.findMany({ where, orderBy }),
    audit: await t.db.auditLog.findMany({ where, orderBy }),
    jobs: await t.db.job.findMany({ where, orderBy }),
    phoneNumbers: await t.db.phoneNumber.findMany({ where, orderBy }),
    contacts: await t.db.contact.findMany({ where, orderBy }),
    conversations: await t.db.conversation.findMany({ where, orderBy }),
    messages: await t.db.message.findMany({ where, orderBy }),
    calls: await t.db.call.findMany({ where, orderBy }),
    appointments: await t.db.appointment.findMany({ where, orderBy }),
    knowledge: await t.db.knowledgeEntry.findMany({ where, orderBy }),
    canned: await t.db.cannedResponse.findMany({ where, orderBy }),
  });
}

/** A value that satisfies a (zod-generated) JSON schema, so the request gets past validation. */
function sample(schema: Json | undefined, key = ""): unknown {
  if (!schema) return undefined;
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return sample(union.find((s: Json) => s.type !== "null") ?? union[0], key);
  switch (schema.type) {
    case "object": {
      const out: Json = {};
      for (const [k, s] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) out[k] = sample(s, k);
      return out;
    }
    case "array":
      return [sample(schema.items, key)].slice(0, Math.max(1, schema.minItems ?? 1));
    case "boolean":
      return true;
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "string": {
      if (schema.format === "email") return `probe-${randomBytes(4).toString("hex")}@a.test`;
      if (schema.format === "date-time") return new Date(Date.now() + 86_400_000).toISOString();
      const base = `probe-${key}-${randomBytes(3).toString("hex")}`;
      return base.padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? 200);
    }
    default:
      return "probe";
  }
}

interface Probe {
  method: string;
  path: string;
  url: string;
  usedId?: string;
  body?: unknown;
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith("/api/v1/")) continue;
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const body = bodySchema ? sample(bodySchema) : undefined;
      const pathParams = (op.parameters ?? []).filter((p: Json) => p.in === "path");
      const queryParams = (op.parameters ?? []).filter((p: Json) => p.in === "query" && p.schema?.type === "string");
      if (pathParams.length) {
        for (const id of bIds) {
          let url = path;
          for (const p of pathParams) url = url.replace(`{${p.name}}`, encodeURIComponent(id));
          out.push({ method, path, url, usedId: id, body });
        }
      } else {
        out.push({ method, path, url: path, body });
        // Query filters that take ids (targetId, contactId, …) must not reach across workspaces either.
        for (const q of queryParams) {
          for (const id of bIds) out.push({ method, path, url: `${path}?${q.name}=${encodeURIComponent(id)}`, usedId: id, body });
        }
      }
    }
  }
  return out;
}

async function send(p: Probe, headers: Record<string, string>) {
  const h = { ...headers, ...(p.body !== undefined ? { "content-type": "application/json" } : {}) };
  const res = await fetch(app.url + p.url, { method: p.method, headers: h, body: p.body === undefined ? undefined : JSON.stringify(p.body) });
  return { status: res.status, text: await res.text() };
}

it("the probes cover every documented v1 route, with B's ids in every path parameter", () => {
  const list = probes();
  const documented = Object.entries(doc.paths).filter(([p]) => p.startsWith("/api/v1/")).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  expect(new Set(list.map((p) => `${p.method} ${p.path}`))).toEqual(new Set(documented));
  expect(list.filter((p) => p.path.includes("{")).length).toBeGreaterThanOrEqual(bIds.length * 4);
});

it("positive control: B's own admin reads B's rows through the same GET routes", async () => {
  // The CRM panel of an unlinked contact names nothing of B's by design ({ linked: false }).
  const silentByDesign = new Set(["/api/v1/contacts/{id}/crm"]);
  const getById = probes().filter((p) => p.method === "GET" && p.path.includes("{") && !silentByDesign.has(p.path));
  for (const path of new Set(getById.map((p) => p.path))) {
    const results = await Promise.all(getById.filter((p) => p.path === path).map((p) => send(p, { cookie: bAdminCookie })));
    expect(results.some((r) => r.status === 200 && r.text.includes("Bravo-Secret")), `${path} should serve B's own data`).toBe(true);
  }
});

it("A's session and A's API key get 404/403 for B's ids and never see B's data; B is unchanged", async () => {
  const before = await snapshotB();
  const failures: string[] = [];
  let byIdCount = 0;
  for (const cred of credsA) {
    for (const p of probes()) {
      const r = await send(p, cred.headers);
      const where = `${cred.label}: ${p.method} ${p.url} → ${r.status}`;
      if (p.path.includes("{")) {
        byIdCount++;
        if (r.status !== 404 && r.status !== 403) failures.push(`${where} (expected 404/403)`);
      } else if (r.status >= 500 && !(r.status === 502 && r.text.includes("PROVIDER_ERROR"))) {
        // 502 PROVIDER_ERROR is an honest answer here: no fake Meta/Frappe runs in this test.
        failures.push(`${where} (server error)`);
      }
      const leaked = bSecrets.filter((s) => s !== p.usedId && r.text.includes(s));
      if (leaked.length) failures.push(`${where} leaked ${leaked.join(", ")}`);
    }
  }
  expect(failures).toEqual([]);
  expect(byIdCount).toBeGreaterThan(0);
  expect(await snapshotB()).toBe(before);
});
