import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { createDb } from "@/lib/core/db";
import { FRAPPE_SANDBOX_DEFAULTS } from "@/lib/crm/config";
import { startFakeFrappe } from "@/lib/sandbox/frappe/server";
import { startSandbox } from "@/lib/sandbox/server";
import { seedUser } from "@/prisma/seed/factories";
import { DEMO_WORKSPACE_SLUG } from "@/prisma/seed/seed-demo";

/**
 * The e2e world: the production build (`next start`) over a fresh PGlite database in a temp
 * DATA_DIR, migrated and seeded by the same commands `npm run demo` uses, plus a few extra users so
 * that tests which change state (failed logins, lock-out, sign-out) never share an account.
 */
export interface E2EAccount {
  email: string;
  password: string;
  role: "admin" | "supervisor" | "agent";
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** The WhatsApp sandbox (fake Meta) the app talks to; tests drive it via its control API. */
    sandboxURL: string;
    /** The fake Frappe CRM (OAuth pages, lead pages that iframe /embed, control API). */
    frappeURL: string;
    /** The media-server the app uses (null when it could not start here: calling tests then skip). */
    mediaServerURL: string | null;
    /** The run's data directory (PGlite, logs); removed at teardown. */
    dataDir: string;
    accounts: {
      admin: E2EAccount;
      supervisor: E2EAccount;
      agent: E2EAccount;
      wrongPassword: E2EAccount;
      lockout: E2EAccount;
      signOut: E2EAccount;
      callback: E2EAccount;
      /** A second agent for call transfers (calls-media.test.ts). */
      callAgent2: E2EAccount;
    };
    maxFailedLogins: number;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXTRA_PASSWORD = "e2e-pass-1234";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_REBUILD === "1" || !fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    run("npx", ["next", "build"], process.env, "next build");
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wcc-e2e-"));
  // No DATABASE_URL: the server, migrations and seed all use PGlite under DATA_DIR. REDIS_URL, when
  // set (CI), passes through: web then fans events out over Redis as in production.
  const { DATABASE_URL: _omit, ...inherited } = process.env;
  const baseEnv: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: dataDir };
  delete baseEnv.JOBS_DISABLED;

  run("node", ["scripts/migrate.mjs"], baseEnv, "migrate");
  const seedOut = run("npx", ["tsx", "prisma/seed/run.ts"], { ...baseEnv, SEED_DEMO_BOT: "0" }, "seed");
  const seeded = JSON.parse(seedOut.trim().split("\n").pop() ?? "{}") as { accounts: E2EAccount[] };
  const demo = (role: E2EAccount["role"]) => {
    const a = seeded.accounts.find((x) => x.role === role);
    if (!a) throw new Error(`seed printed no ${role} account: ${seedOut}`);
    return a;
  };

  const extra = await seedExtraUsers(path.join(dataDir, "pglite"));

  const port = await freePort();
  const closedPort = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const mediaSecret = secret();
  // The real media-server (mediasoup + WhatsApp gateway) for the calling tests, with the same
  // secret and callback URL as web. Without a mediasoup worker on this machine the app runs against
  // a closed port instead and must cope with an unreachable media-server.
  const media = await startMediaServer(baseURL, mediaSecret, path.join(dataDir, "media-server.log"));
  const mediaURL = media?.url ?? `http://127.0.0.1:${closedPort}`;
  // The fake Meta, in this process: the app's Graph calls go to it, its signed webhooks come back.
  const sandbox = await startSandbox({ port: 0, webhookUrl: `${baseURL}/api/webhooks/whatsapp` });
  // The fake Frappe CRM, in this process too. Its lead pages iframe the app at localhost (another
  // site than 127.0.0.1), so the embed runs cross-site as it does inside a real Frappe CRM.
  const frappe = await startFakeFrappe({
    port: 0,
    appUrl: `http://localhost:${port}`,
    webhookUrl: `${baseURL}/api/webhooks/frappe`,
    oauthRedirectUris: [`${baseURL}/api/auth/callback/frappe`],
  });
  const logFile = path.join(dataDir, "next-start.log");
  const log = fs.openSync(logFile, "a");
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...baseEnv,
      NODE_ENV: "production",
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      APP_URL: baseURL,
      NEXTAUTH_SECRET: secret(),
      APP_ENCRYPTION_KEY: secret(),
      MEDIA_SERVER_SECRET: mediaSecret,
      MEDIA_SERVER_URL: mediaURL,
      MEDIA_SERVER_PUBLIC_URL: mediaURL,
      WHATSAPP_ACCESS_TOKEN: "",
      SANDBOX_URL: sandbox.url,
      WHATSAPP_GRAPH_URL: `${sandbox.url}/graph`,
      FRAPPE_URL: frappe.url,
      FRAPPE_API_KEY: FRAPPE_SANDBOX_DEFAULTS.apiKey,
      FRAPPE_API_SECRET: FRAPPE_SANDBOX_DEFAULTS.apiSecret,
      FRAPPE_WEBHOOK_SECRET: FRAPPE_SANDBOX_DEFAULTS.webhookSecret,
      FRAPPE_OAUTH_CLIENT_ID: FRAPPE_SANDBOX_DEFAULTS.oauthClientId,
      FRAPPE_OAUTH_CLIENT_SECRET: FRAPPE_SANDBOX_DEFAULTS.oauthClientSecret,
      FRAPPE_AUTO_PROVISION: "1",
    },
    stdio: ["ignore", log, log],
    // Own process group, so teardown stops npx and the next-server it starts.
    detached: true,
  });

  try {
    await waitForServer(baseURL, server, logFile);
  } catch (err) {
    await stop(server);
    await sandbox.close();
    await frappe.close();
    if (media) await stop(media.child);
    throw err;
  }

  project.provide("baseURL", baseURL);
  project.provide("sandboxURL", sandbox.url);
  project.provide("frappeURL", frappe.url);
  project.provide("mediaServerURL", media?.url ?? null);
  project.provide("dataDir", dataDir);
  project.provide("accounts", {
    admin: demo("admin"),
    supervisor: demo("supervisor"),
    agent: demo("agent"),
    ...extra,
  });
  project.provide("maxFailedLogins", Number(process.env.AUTH_MAX_FAILED_LOGINS ?? 5));

  return async () => {
    await stop(server);
    await sandbox.close();
    await frappe.close();
    if (media) await stop(media.child);
    fs.closeSync(log);
    if (process.env.E2E_KEEP_DATA === "1") console.error(`e2e data kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

async function seedExtraUsers(pgliteDir: string) {
  const { db, close } = await createDb({ pgliteDir });
  try {
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO_WORKSPACE_SLUG } });
    const make = async (key: string, role: E2EAccount["role"]): Promise<E2EAccount> => {
      const u = await seedUser({
        db,
        workspaceId: ws.id,
        role,
        email: `${key}@e2e.test`,
        name: `E2E ${key}`,
        password: EXTRA_PASSWORD,
      });
      return { email: u.email, password: EXTRA_PASSWORD, role };
    };
    return {
      wrongPassword: await make("wrong-password", "agent"),
      lockout: await make("lockout", "agent"),
      signOut: await make("sign-out", "agent"),
      callback: await make("callback", "admin"),
      callAgent2: await make("call-agent-2", "agent"),
    };
  } finally {
    await close();
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, label: string): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(
      `${label} failed (exit ${r.status ?? r.signal}):\n${r.stdout ?? ""}\n${r.stderr ?? ""}`.slice(-8000),
    );
  }
  return r.stdout;
}

/**
 * Starts `tsx media-server/src/index.ts` on a free port and waits for GET /health. Returns null
 * (and says why on stderr) when it cannot start, e.g. no mediasoup worker binary on this machine.
 */
async function startMediaServer(
  webURL: string,
  mediaSecret: string,
  logFile: string,
): Promise<{ url: string; child: ChildProcess } | null> {
  if (process.env.E2E_MEDIA === "0") return null;
  const mediaPort = await freePort();
  const url = `http://127.0.0.1:${mediaPort}`;
  const log = fs.openSync(logFile, "a");
  const child = spawn("npx", ["tsx", "media-server/src/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      MEDIA_PORT: String(mediaPort),
      MEDIA_HOST: "127.0.0.1",
      MEDIA_LISTEN_IP: "127.0.0.1",
      MEDIA_ANNOUNCED_IP: "127.0.0.1",
      MEDIA_SERVER_SECRET: mediaSecret,
      MEDIA_WORKERS: "1",
      WEB_CALLBACK_URL: webURL,
      // Short enough for the "relay goes silent" test; Meta itself allows 20 s.
      MEDIA_CUSTOMER_SILENCE_SEC: "6",
      APP_URL: webURL,
      LOG_LEVEL: process.env.E2E_MEDIA_LOG_LEVEL ?? "info",
    },
    stdio: ["ignore", log, log],
    detached: true,
  });
  fs.closeSync(log);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return { url, child };
    } catch {
      // not listening yet
    }
    await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 250))]);
  }
  await stop(child);
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
  console.error(`e2e: media-server did not start; calling tests will be skipped.\n${tail}`);
  return null;
}

function secret(): string {
  return randomBytes(32).toString("base64url");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Readiness probe: GET /api/v1/me answers 401 once the server is up and the route is compiled.
 * Bounded by a deadline; each attempt waits for a real response or connection failure, and between
 * failed attempts we wait on the child's exit or a short timer, whichever comes first.
 */
async function waitForServer(baseURL: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let exited: number | string | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    server.once("exit", (code, signal) => {
      exited = code ?? signal ?? "unknown";
      resolve();
    }),
  );
  let last = "no answer";
  while (Date.now() < deadline) {
    if (exited !== null) break;
    try {
      const res = await fetch(`${baseURL}/api/v1/me`, { signal: AbortSignal.timeout(10_000) });
      if (res.status === 401) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 250))]);
  }
  const output = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-4000) : "";
  throw new Error(
    `next start did not become ready (${exited !== null ? `exited with ${exited}` : `last probe: ${last}`}).\n${output}`,
  );
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || !server.pid) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-server.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}
