import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { resetEnv } from "@/lib/core/env";
import { getMediaServerHealth, mediaControl } from "./media-client";
import { verifyRequest } from "./signing";

/** A small stand-in media-server over real HTTP: /health and a signature-checking /control/ping. */
const SECRET = "client-test-secret-0123456789abcdefghij";
let fake: http.Server;
let fakeUrl: string;
const saved = { url: process.env.MEDIA_SERVER_URL, secret: process.env.MEDIA_SERVER_SECRET };

beforeAll(async () => {
  fake = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString();
      if (req.url === "/health") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", pid: 77, workers: [{ pid: 1, slot: 0 }, { pid: 2, slot: 1 }], workerCount: 2, load: [0.1, 0.2, 0.3], rooms: 0 }));
        return;
      }
      const ok = verifyRequest(req.headers["x-media-signature"] as string, raw, SECRET).ok;
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(ok ? JSON.stringify({ ok: true, echo: JSON.parse(raw) }) : JSON.stringify({ error: { code: "UNAUTHENTICATED", message: "bad signature" } }));
    });
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => fake.close(() => r()));
  process.env.MEDIA_SERVER_URL = saved.url;
  process.env.MEDIA_SERVER_SECRET = saved.secret;
  if (saved.url === undefined) delete process.env.MEDIA_SERVER_URL;
  if (saved.secret === undefined) delete process.env.MEDIA_SERVER_SECRET;
  resetEnv();
});
afterEach(() => resetEnv());

function configure(url: string, secret = SECRET) {
  process.env.MEDIA_SERVER_URL = url;
  process.env.MEDIA_SERVER_SECRET = secret;
  resetEnv();
}

/** A port nothing listens on: bind, note it, close. */
async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe("media-client", () => {
  it("reads /health into { ok, workers, pid, load }", async () => {
    configure(fakeUrl);
    expect(await getMediaServerHealth()).toMatchObject({ ok: true, workers: 2, pid: 77, load: [0.1, 0.2, 0.3] });
  });

  it("reports an unreachable media-server without throwing", async () => {
    configure(await deadUrl());
    const h = await getMediaServerHealth();
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.error).toMatch(/ECONNREFUSED/);
  });

  it("signs control calls with MEDIA_SERVER_SECRET", async () => {
    configure(fakeUrl);
    expect(await mediaControl("/control/ping", { a: 1 })).toEqual({ ok: true, echo: { a: 1 } });
  });

  it("maps a refused control call to the server's error code, and unreachable to UNAVAILABLE", async () => {
    configure(fakeUrl, "wrong-secret-0123456789abcdefghijklmnop");
    await expect(mediaControl("/control/ping", {})).rejects.toSatisfy((e) => AppError.is(e, "UNAUTHENTICATED"));
    configure(await deadUrl());
    await expect(mediaControl("/control/ping", {})).rejects.toSatisfy((e) => AppError.is(e, "UNAVAILABLE"));
  });
});
