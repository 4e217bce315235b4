#!/usr/bin/env node
// `npm run demo` (after the bootstrap): builds the web app when needed, seeds the demo workspace,
// then runs web, media-server and — in sandbox mode — the sandbox in one foreground command with
// prefixed logs, and prints where to sign in. Ctrl-C stops everything and exits 0.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSecrets, newestMtime, parseSeedOutput, rememberAccess } from "./lib/demo-state.mjs";
import { loadDotEnv } from "./lib/dotenv.mjs";
import { findMediasoupWorker } from "./lib/machine.mjs";
import { run } from "./lib/run.mjs";
import { Supervisor, paint, waitHealthy } from "./lib/supervisor.mjs";

const started = performance.now();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const colour = Boolean(process.stdout.isTTY && !process.env.NO_COLOR);
const say = (/** @type {string} */ msg) => console.log(`${paint("green", "[demo]", colour)} ${msg}`);
const seconds = (/** @type {number} */ since) => ((performance.now() - since) / 1000).toFixed(1);

function fail(/** @type {string} */ problem, /** @type {string} */ fix) {
  console.error(`${paint("red", "[demo] ✗", colour)} ${problem}`);
  if (fix) console.error(`[demo]   → ${fix}`);
  process.exit(1);
}

loadDotEnv(path.join(ROOT, ".env"));
const E = process.env;
const PORT = E.PORT || "3000";
const HOST = E.HOST || "0.0.0.0";
const MEDIA_PORT = E.MEDIA_PORT || "4000";
const SANDBOX_PORT = E.SANDBOX_PORT || "4100";
const DATA_DIR = E.DATA_DIR || "data";
// Sandbox mode: no Meta credentials, so the embedded fake Graph API / webhook sender stands in.
const SANDBOX = !E.WHATSAPP_ACCESS_TOKEN;
const APP_URL = (E.APP_URL || E.NEXTAUTH_URL || `http://localhost:${PORT}`).replace(/\/$/, "");
// Frappe sandbox: no FRAPPE_URL, so the fake Frappe CRM (lib/sandbox/frappe) stands in.
const FRAPPE_SANDBOX = !E.FRAPPE_URL;
const FRAPPE_SANDBOX_PORT = E.FRAPPE_SANDBOX_PORT || "4200";

for (const [file, what] of [
  ["media-server/src/index.ts", "the media-server entry point"],
  ["prisma/seed/run.ts", "the demo seed"],
  ...(SANDBOX ? [["lib/sandbox/server.ts", "the sandbox server"]] : []),
  ...(FRAPPE_SANDBOX ? [["lib/sandbox/frappe/server.ts", "the fake Frappe CRM"]] : []),
]) {
  if (!fs.existsSync(file)) fail(`${file} (${what}) is missing`, "this checkout is incomplete: pull the latest main");
}

const worker = findMediasoupWorker();
if (!worker.path) fail("no mediasoup worker", "run `node scripts/bootstrap.mjs` (it installs one) or set MEDIASOUP_WORKER_BIN");

fs.mkdirSync(DATA_DIR, { recursive: true });
const secrets = ensureSecrets(DATA_DIR);
if (secrets.generated.length) say(`generated ${secrets.generated.join(", ")} into ${DATA_DIR}/secrets.json (0600)`);

/** Environment every child shares: resolved ports, data dir, secrets, the worker path. */
const common = {
  ...E,
  ...secrets.values,
  DATA_DIR,
  PORT,
  MEDIA_PORT,
  SANDBOX_PORT,
  FRAPPE_SANDBOX_PORT,
  APP_URL,
  MEDIASOUP_WORKER_BIN: worker.path,
  MEDIA_SERVER_URL: E.MEDIA_SERVER_URL || `http://127.0.0.1:${MEDIA_PORT}`,
  // next-auth 4 builds its callback URLs from NEXTAUTH_URL (it would assume port 3000 without it).
  NEXTAUTH_URL: E.NEXTAUTH_URL || APP_URL,
  NEXT_TELEMETRY_DISABLED: "1",
};

// ── build ───────────────────────────────────────────────────────────────────────────────────────
{
  const buildId = ".next/BUILD_ID";
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sourcesAt = newestMtime([
    "app",
    "components",
    "lib",
    "prisma",
    "public",
    "next.config.ts",
    "proxy.ts",
    "package-lock.json",
    "tsconfig.json",
    "postcss.config.mjs",
  ]);
  let why = "";
  if (!builtAt) why = "no build yet";
  else if (sourcesAt > builtAt) why = "sources changed since the last build";
  if (why) {
    say(`building the web app (${why}) …`);
    const t = performance.now();
    const res = await run("npx", ["next", "build"], { env: { ...common, NODE_ENV: "production" } });
    if (res.code !== 0) fail("next build failed", "fix the build error above and run again");
    say(`built in ${seconds(t)} s`);
  } else {
    say("build is up to date");
  }
}

// ── seed ────────────────────────────────────────────────────────────────────────────────────────
// PGlite opens its data directory exclusively: the seed must exit before web starts.
/** @type {import("./lib/demo-state.mjs").DemoAccess} */
let access;
{
  const res = await run("npx", ["tsx", "prisma/seed/run.ts"], { env: common, capture: true });
  const seeded = parseSeedOutput(res.stdout);
  if (res.code !== 0 || !seeded) {
    process.stdout.write(res.stdout);
    fail("seeding the demo workspace failed", "read the error above; `rm -rf data` starts from scratch");
  }
  access = rememberAccess(DATA_DIR, seeded);
  say(seeded.created ? "seeded the demo workspace" : "demo workspace already seeded");
}

// ── run ─────────────────────────────────────────────────────────────────────────────────────────
let exitCode = 0;
let shuttingDown = false;
const sup = new Supervisor({
  colour,
  onUnexpectedExit: (child) => {
    if (shuttingDown) return;
    const how = child.signal ? `signal ${child.signal}` : `code ${child.code}`;
    console.error(`${paint("red", "[demo] ✗", colour)} ${child.name} exited unexpectedly (${how}); stopping the others`);
    void shutdown(1, child.name);
  },
});

/** @param {number} code @param {string} [culprit] */
async function shutdown(code, culprit) {
  if (shuttingDown) return;
  shuttingDown = true;
  exitCode = code;
  say(culprit ? `stopping (${culprit} failed) …` : "stopping …");
  await sup.stopAll(10_000);
  if (culprit) console.error(`[demo] exited because ${culprit} stopped`);
  else say("stopped");
  process.exit(exitCode);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

const tsx = ["--import", "tsx"];
const childrenAt = performance.now();
const media = sup.start("media", process.execPath, [...tsx, "media-server/src/index.ts"], {
  colour: "magenta",
  env: {
    ...common,
    WEB_CALLBACK_URL: E.WEB_CALLBACK_URL || `http://127.0.0.1:${PORT}`,
    // Browsers open the app at APP_URL (localhost by default), not at the loopback callback URL.
    MEDIA_CORS_ORIGIN:
      E.MEDIA_CORS_ORIGIN || [...new Set([new URL(APP_URL).origin, `http://localhost:${PORT}`, `http://127.0.0.1:${PORT}`])].join(","),
  },
});
const sandbox = SANDBOX
  ? sup.start("sandbox", process.execPath, [...tsx, "lib/sandbox/server.ts"], { colour: "yellow", env: common })
  : undefined;
const frappe = FRAPPE_SANDBOX
  ? sup.start("frappe", process.execPath, [...tsx, "lib/sandbox/frappe/server.ts"], { colour: "magenta", env: common })
  : undefined;
const web = sup.start("web", process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", PORT, "-H", HOST], {
  colour: "cyan",
  env: { ...common, NODE_ENV: "production" },
});

try {
  await Promise.all([
    waitHealthy(`http://127.0.0.1:${MEDIA_PORT}/health`, { child: media }),
    sandbox ? waitHealthy(`http://127.0.0.1:${SANDBOX_PORT}/health`, { child: sandbox }) : undefined,
    frappe ? waitHealthy(`http://127.0.0.1:${FRAPPE_SANDBOX_PORT}/health`, { child: frappe }) : undefined,
    waitHealthy(`http://127.0.0.1:${PORT}/api/health`, { child: web }),
  ]);
} catch (err) {
  if (!shuttingDown) {
    console.error(`${paint("red", "[demo] ✗", colour)} ${err instanceof Error ? err.message : err}`);
    await shutdown(1, "startup");
  }
}
if (shuttingDown) await new Promise(() => {}); // shutdown() exits the process

say(`healthy after ${seconds(started)} s (${seconds(childrenAt)} s after start of the processes)`);
if (SANDBOX && access.apiKey) {
  // The template picker lists synced templates; in sandbox mode pull the fake WABA's at start.
  const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/templates/sync`, {
    method: "POST",
    headers: { authorization: `Bearer ${access.apiKey}`, "content-type": "application/json" },
    body: "{}",
  }).catch((err) => ({ ok: false, status: 0, statusText: String(err) }));
  if (!res.ok) say(`template sync failed (${res.status} ${res.statusText}); sync them under the inbox's template picker`);
}
const line = "─".repeat(64);
const rows = access.accounts.map((a) => `    ${a.email.padEnd(28)} ${a.password.padEnd(20)} ${a.role}`);
console.log(
  [
    "",
    line,
    `  WhatsApp contact centre — ${SANDBOX ? "sandbox mode (no Meta credentials)" : "live mode"}`,
    "",
    `  Open      ${APP_URL}`,
    ...(SANDBOX ? [`  Sandbox   http://localhost:${SANDBOX_PORT}  (fake WhatsApp)`] : []),
    ...(FRAPPE_SANDBOX
      ? [
          `  Frappe    http://127.0.0.1:${FRAPPE_SANDBOX_PORT}/app  (fake Frappe CRM: lead pages embed the WhatsApp view;`,
          `            "Sign in with Frappe CRM" as agent@example.com / agent)`,
        ]
      : []),
    `  Media     http://localhost:${MEDIA_PORT}/health`,
    "",
    "  Demo accounts (email / password / role):",
    ...(rows.length ? rows : ["    (none recorded — delete data/ to seed again)"]),
    "",
    `  Admin API key: ${access.apiKey ?? "(not recorded — create one under Settings → API keys)"}`,
    `  e.g. curl -H "Authorization: Bearer <key>" ${APP_URL}/api/v1/me`,
    "",
    `  Data in ${DATA_DIR}/ (kept across restarts).  Ctrl-C to stop.`,
    line,
    "",
  ].join("\n"),
);
