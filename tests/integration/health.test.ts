import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, setDb } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import pkg from "@/package.json";
import { startHttpApp, type HttpApp } from "../helpers/http-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
let app: HttpApp;
let dbClosed = false;
let closeUnreachable: (() => Promise<void>) | undefined;
const savedMediaUrl = process.env.MEDIA_SERVER_URL;

/** A port nothing listens on: bind one, then release it. */
async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

function useMediaServerUrl(url: string) {
  process.env.MEDIA_SERVER_URL = url;
  resetEnv();
}

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
});
afterAll(async () => {
  await app.close();
  if (!dbClosed) await t.close();
  await closeUnreachable?.();
  if (savedMediaUrl === undefined) delete process.env.MEDIA_SERVER_URL;
  else process.env.MEDIA_SERVER_URL = savedMediaUrl;
  resetEnv();
});

const health = async () => {
  const res = await fetch(`${app.url}/api/health`);
  return { status: res.status, body: await res.json() };
};

it("200 and degraded when the database answers but no media-server listens (public, no credentials)", async () => {
  useMediaServerUrl(await closedPortUrl());
  const r = await health();
  expect(r.status).toBe(200);
  expect(r.body).toEqual({
    status: "degraded",
    db: { ok: true, latencyMs: expect.any(Number), kind: t.kind },
    mediaServer: { ok: false, error: expect.any(String) },
    version: pkg.version,
  });
});

it("ok when the media-server's /health answers with its workers", async () => {
  // Stands in for media-server's GET /health, with the body media-server/src/http/health.ts serves.
  const media = http.createServer((req, res) => {
    if (req.url !== "/health") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        status: "ok",
        pid: 10,
        uptimeSec: 5,
        workers: [{ pid: 11, slot: 0 }, { pid: 12, slot: 1 }],
        workerCount: 2,
        load: [0.1, 0.2, 0.3],
        rooms: 0,
      }),
    );
  });
  await new Promise<void>((r) => media.listen(0, "127.0.0.1", r));
  try {
    useMediaServerUrl(`http://127.0.0.1:${(media.address() as AddressInfo).port}`);
    const r = await health();
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(r.body.mediaServer).toEqual({ ok: true, workers: 2 });
  } finally {
    media.closeAllConnections();
    await new Promise<void>((r) => media.close(() => r()));
  }
});

it("503 and down when the database is closed", async () => {
  useMediaServerUrl(await closedPortUrl());
  await t.close();
  dbClosed = true;
  if (t.kind === "postgres") {
    // Prisma's pg adapter reconnects after $disconnect, so "closed" on PostgreSQL means a server
    // that no longer answers: point the process client at a port nothing listens on.
    const url = new URL(t.databaseUrl!);
    url.port = new URL(await closedPortUrl()).port;
    const unreachable = await createDb({ databaseUrl: url.toString() });
    closeUnreachable = unreachable.close;
    setDb(unreachable.db, "postgres");
  }
  const r = await health();
  expect(r.status).toBe(503);
  expect(r.body).toMatchObject({ status: "down", db: { ok: false, latencyMs: null, kind: t.kind }, mediaServer: { ok: false } });
});
