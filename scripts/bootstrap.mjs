#!/usr/bin/env node
// Bootstrap: installs whatever is missing so `npm run demo` and `npm test` work on a machine that
// has only Node 20 and npm. Node built-ins only — it runs before `npm ci`. Idempotent; when
// everything is already in place it only checks stamps and applies (no) migrations.
//
//   node scripts/bootstrap.mjs [--for-tests] [--quiet]
//
// Steps: Node 20 → mediasoup worker → npm ci → prisma generate → migrations → (tests) Chromium.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  EXPERIMENTAL_PIN,
  experimentalSourcesText,
  findDebianMirror,
  hasExperimental,
  readAptSources,
} from "./lib/apt-sources.mjs";
import { loadDotEnv } from "./lib/dotenv.mjs";
import { DEBIAN_WORKER_PATH, findChromium, findMediasoupWorker, isExecutable, which } from "./lib/machine.mjs";
import { run } from "./lib/run.mjs";

const started = performance.now();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);

const args = new Set(process.argv.slice(2));
const FOR_TESTS = args.has("--for-tests");
const QUIET = args.has("--quiet");
const STAMP = path.join(ROOT, "node_modules", ".bootstrap-stamp");

class StepError extends Error {
  /** @param {string} problem @param {string} fix */
  constructor(problem, fix) {
    super(problem);
    this.fix = fix;
  }
}

const say = (/** @type {string} */ msg) => console.log(`[bootstrap] ${msg}`);
const info = (/** @type {string} */ msg) => {
  if (!QUIET) say(msg);
};
const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const sha256 = (/** @type {string} */ file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const mtime = (/** @type {string} */ file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** @returns {{ lock?: string, schema?: string }} */
function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return {};
  }
}
function writeStamp(/** @type {{ lock?: string, schema?: string }} */ stamp) {
  fs.writeFileSync(STAMP, JSON.stringify(stamp) + "\n");
}

// ── (a) Node ────────────────────────────────────────────────────────────────────────────────────
function checkNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== 20) {
    throw new StepError(
      `Node ${process.versions.node} found; this project needs Node 20`,
      "install Node 20 (mediasoup 3.8.4 and the pinned packages are built for it) and run again",
    );
  }
  info(`node ${process.versions.node} ✓`);
}

// ── (b) mediasoup worker ────────────────────────────────────────────────────────────────────────
async function ensureMediasoupWorker() {
  const found = findMediasoupWorker();
  if (found.path) {
    process.env.MEDIASOUP_WORKER_BIN = found.path;
    info(`mediasoup worker ✓ ${found.path}${found.source === "debian" ? " (Debian package)" : ""}`);
    return;
  }
  if ("invalid" in found && found.invalid) {
    throw new StepError(
      `MEDIASOUP_WORKER_BIN=${found.invalid} is not an executable file`,
      `point MEDIASOUP_WORKER_BIN at a mediasoup 3.8.4 worker binary, or unset it to use ${DEBIAN_WORKER_PATH}`,
    );
  }
  say("mediasoup worker not found: installing Debian's mediasoup-worker from the experimental suite");
  if (!which("apt-get")) {
    throw new StepError(
      "no apt-get on this machine",
      "no apt: install mediasoup-worker 3.8.4 yourself and set MEDIASOUP_WORKER_BIN to its path",
    );
  }
  if (!isRoot()) {
    throw new StepError(
      "installing mediasoup-worker needs root (apt-get)",
      "run as root (e.g. sudo npm run demo), or install mediasoup-worker 3.8.4 yourself and set MEDIASOUP_WORKER_BIN",
    );
  }
  const entries = readAptSources();
  if (!hasExperimental(entries)) {
    const mirror = findDebianMirror(entries);
    if (!mirror) {
      throw new StepError(
        "no Debian archive found in /etc/apt/sources.list or /etc/apt/sources.list.d (not a Debian machine?)",
        "install mediasoup-worker 3.8.4 yourself and set MEDIASOUP_WORKER_BIN to its path",
      );
    }
    say(`adding the experimental suite from ${mirror.uri}, pinned at priority 1 (nothing else comes from it)`);
    fs.writeFileSync("/etc/apt/sources.list.d/experimental.sources", experimentalSourcesText(mirror));
    fs.mkdirSync("/etc/apt/preferences.d", { recursive: true });
    fs.writeFileSync("/etc/apt/preferences.d/experimental-pin", EXPERIMENTAL_PIN);
  } else {
    info("the experimental suite is already in the apt sources");
  }
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  say("apt-get update");
  if ((await run("apt-get", ["update"], { env: aptEnv })).code !== 0) {
    throw new StepError("apt-get update failed", "check the network and /etc/apt/sources.list.d, then run again");
  }
  say("apt-get install -y -t experimental mediasoup-worker");
  const install = await run("apt-get", ["install", "-y", "-t", "experimental", "mediasoup-worker"], { env: aptEnv });
  if (install.code !== 0 || !isExecutable(DEBIAN_WORKER_PATH)) {
    throw new StepError(
      "could not install mediasoup-worker from Debian experimental",
      "install mediasoup-worker 3.8.4 yourself and set MEDIASOUP_WORKER_BIN to its path",
    );
  }
  process.env.MEDIASOUP_WORKER_BIN = DEBIAN_WORKER_PATH;
  say(`mediasoup worker installed ✓ ${DEBIAN_WORKER_PATH}`);
}

// ── (c) npm packages ────────────────────────────────────────────────────────────────────────────
async function ensureNodeModules() {
  const lockHash = sha256("package-lock.json");
  const stamp = readStamp();
  let reason;
  if (!fs.existsSync("node_modules")) reason = "node_modules is missing";
  else if (stamp.lock && stamp.lock !== lockHash) reason = "package-lock.json changed since the last install";
  else if (!stamp.lock) {
    // Installed by hand (no stamp yet): trust npm's own hidden lockfile if it is newer than ours.
    const hidden = mtime("node_modules/.package-lock.json");
    const lock = mtime("package-lock.json") ?? 0;
    if (hidden === undefined || hidden < lock) reason = "node_modules is older than package-lock.json";
  }
  if (!reason) {
    if (!stamp.lock) writeStamp({ ...stamp, lock: lockHash });
    info("npm packages ✓ (package-lock.json unchanged)");
    return;
  }
  say(`npm ci (${reason})`);
  const env = {
    ...process.env,
    // mediasoup 3.8.4 skips building its worker (which needs Python ≤ 3.9) when this is set.
    MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN,
    // No Prisma query-engine download: the client runs with engineType "client" (driver adapters).
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? "/dev/null",
  };
  const res = await run("npm", ["ci", "--no-audit", "--no-fund"], { env });
  if (res.code !== 0) {
    throw new StepError(
      `npm ci failed (exit ${res.code})`,
      "read npm's error above; check access to the npm registry, and that MEDIASOUP_WORKER_BIN points at the worker",
    );
  }
  writeStamp({ lock: lockHash }); // npm ci wiped node_modules: the Prisma stamp goes with it
  say("npm packages installed ✓");
}

// ── (d) Prisma client ───────────────────────────────────────────────────────────────────────────
async function ensurePrismaClient() {
  const schemaHash = sha256("prisma/schema.prisma");
  const stamp = readStamp();
  const generated = "node_modules/.prisma/client/schema.prisma";
  let fresh = stamp.schema === schemaHash;
  if (!stamp.schema) {
    // Generated by hand (no stamp yet): fresh when the generated copy is newer than the schema.
    const g = mtime(generated);
    fresh = g !== undefined && g >= (mtime("prisma/schema.prisma") ?? Infinity);
  }
  if (fresh && fs.existsSync(generated)) {
    if (!stamp.schema) writeStamp({ ...stamp, schema: schemaHash });
    info("prisma client ✓ (schema unchanged)");
    return;
  }
  say("prisma generate (prisma/schema.prisma changed)");
  const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? "/dev/null" };
  const res = await run("npx", ["prisma", "generate"], { env, quiet: QUIET });
  if (res.code !== 0) {
    throw new StepError("prisma generate failed", "fix the error above in prisma/schema.prisma and run again");
  }
  writeStamp({ ...readStamp(), schema: schemaHash });
  say("prisma client generated ✓");
}

// ── (e) migrations ──────────────────────────────────────────────────────────────────────────────
async function applyMigrations() {
  const where = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${process.env.DATA_DIR ?? "data"}/`;
  const res = await run(process.execPath, ["scripts/migrate.mjs"], { capture: true });
  if (res.code !== 0) {
    throw new StepError(
      `migrations failed on ${where}`,
      process.env.DATABASE_URL
        ? "check that DATABASE_URL is reachable and the role may create tables"
        : "if `npm run demo` is already running it holds the PGlite database: stop it first",
    );
  }
  info(`migrations ✓ ${where}: ${res.stdout.trim()}`);
}

// ── (f) Chromium, for the end-to-end tests ──────────────────────────────────────────────────────
async function ensureChromium() {
  const found = findChromium();
  if (found) {
    info(`chromium ✓ ${found}`);
    return;
  }
  if (process.env.CHROMIUM_PATH) {
    throw new StepError(
      `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file`,
      "point CHROMIUM_PATH at a Chromium binary, or unset it to use Debian's /usr/bin/chromium",
    );
  }
  if (!which("apt-get") || !isRoot()) {
    throw new StepError(
      "Chromium not found (needed by the end-to-end tests)",
      isRoot() ? "no apt: install Chromium yourself and set CHROMIUM_PATH" : "run as root, or install Chromium and set CHROMIUM_PATH",
    );
  }
  say("apt-get install -y chromium");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let res = await run("apt-get", ["install", "-y", "chromium"], { env });
  if (res.code !== 0) {
    say("apt-get update (package lists may be stale)");
    await run("apt-get", ["update"], { env });
    res = await run("apt-get", ["install", "-y", "chromium"], { env });
  }
  if (res.code !== 0 || !findChromium()) {
    throw new StepError("could not install chromium with apt-get", "install Chromium yourself and set CHROMIUM_PATH");
  }
  say("chromium installed ✓");
}

try {
  const fromFile = loadDotEnv(path.join(ROOT, ".env"));
  if (fromFile.length) info(`.env: ${fromFile.length} variable(s) loaded (the real environment wins)`);
  checkNode();
  await ensureMediasoupWorker();
  await ensureNodeModules();
  await ensurePrismaClient();
  await applyMigrations();
  if (FOR_TESTS) await ensureChromium();
  say(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  if (err instanceof StepError) {
    console.error(`[bootstrap] ✗ ${err.message}`);
    console.error(`[bootstrap]   → ${err.fix}`);
  } else {
    console.error("[bootstrap] ✗ unexpected error:", err);
  }
  process.exit(1);
}
