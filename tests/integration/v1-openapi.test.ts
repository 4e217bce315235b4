import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

const ROOT = path.resolve(__dirname, "../..");
const V1 = path.join(ROOT, "app", "api", "v1");

let t: TestDb;
let app: HttpApp;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document read by path
let doc: { openapi: string; paths: Record<string, Record<string, any>>; components: any };

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  const res = await fetch(`${app.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

/** Every route file under app/api/v1 as [METHOD, "/api/v1/users/{id}"], read from its exports. */
function routeFiles(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^route\.tsx?$/.test(e.name)) {
        const rel = path.relative(path.join(ROOT, "app"), dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        const apiPath = "/" + rel.map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}")).join("/");
        const src = fs.readFileSync(p, "utf8");
        const methods = new Set<string>();
        for (const m of src.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]);
        for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const name of m[1].split(",").map((s) => s.trim().split(/\s+as\s+/).pop())) {
            if (name && /^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) methods.add(name);
          }
        }
        for (const m of methods) out.push([m, apiPath]);
      }
    }
  };
  walk(V1);
  return out;
}

describe("GET /api/v1/openapi.json", () => {
  it("is a public OpenAPI 3.1 document with bearer and cookie security and the error body", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
  });

  it("documents every method of every app/api/v1 route file", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(9);
    const missing = files.filter(([m, p]) => !doc.paths[p]?.[m.toLowerCase()]).map(([m, p]) => `${m} ${p}`);
    expect(missing, "add a defineApiRoute line (lib/api/routes/<area>.ts, imported by lib/api/v1-routes.ts)").toEqual([]);
  });

  it("documents no v1 route that does not exist", () => {
    const files = new Set(routeFiles().map(([m, p]) => `${m} ${p}`));
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/api/v1/"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.filter((k) => !files.has(k))).toEqual([]);
  });

  it("derives request schemas from the route's zod schemas (unknown fields forbidden)", () => {
    const post = doc.paths["/api/v1/users"].post;
    const schema = post.requestBody.content["application/json"].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(["email", "name", "password", "role"]);
    expect(schema.properties.password.minLength).toBe(8);
    expect(schema.properties.role.enum).toEqual(["admin", "supervisor", "agent"]);
    expect(post["x-permission"]).toBe("users:manage");
    expect(post["x-api-key-scope"]).toBe("admin");
    expect(Object.keys(post.responses).sort()).toEqual(["201", "400", "401", "403", "409", "413", "415"]);
    expect(post.responses["201"].content["application/json"].schema.required).toContain("disabled");

    const audit = doc.paths["/api/v1/audit-log"].get;
    expect(audit.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      "query:cursor",
      "query:limit",
      "query:action",
      "query:targetId",
    ]);
    const byId = doc.paths["/api/v1/users/{id}"].patch;
    expect(byId.parameters[0]).toMatchObject({ name: "id", in: "path", required: true });
    expect(doc.paths["/api/v1/openapi.json"].get.security).toEqual([]);
    expect(doc.paths["/api/v1/me"].get.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
  });

  it("gives every operation a unique operationId", () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
