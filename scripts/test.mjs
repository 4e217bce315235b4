#!/usr/bin/env node
// `npm test` (after `bootstrap --for-tests`): every suite in order, continuing after a failure so
// the summary is complete; exits 1 when anything failed.
//
//   node scripts/test.mjs [typecheck] [lint] [unit] [integration] [media] [build] [e2e]
//
// Integration runs on in-memory PGlite, and again on PostgreSQL (a fresh schema per test file)
// when DATABASE_URL is set. Type checks, lint and build count as one check each in the totals.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadDotEnv } from "./lib/dotenv.mjs";
import { findChromium, findMediasoupWorker } from "./lib/machine.mjs";
import { run } from "./lib/run.mjs";
import { countVitest, formatSummary } from "./lib/test-summary.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
loadDotEnv(path.join(ROOT, ".env"));

const ALL = ["typecheck", "lint", "unit", "integration", "media", "build", "e2e"];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((w) => !ALL.includes(w));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(", ")}. Suites: ${ALL.join(", ")}`);
  process.exit(2);
}
const selected = wanted.length ? ALL.filter((s) => wanted.includes(s)) : ALL;
const ARTIFACTS = path.join("tests", ".artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

/** @type {import("./lib/test-summary.mjs").SuiteRow[]} */
const rows = [];
const banner = (/** @type {string} */ title) => console.log(`\n━━━━ ${title} ${"━".repeat(Math.max(4, 70 - title.length))}`);
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** A command that passes or fails as a whole (type check, lint, build). */
async function check(/** @type {string} */ name, /** @type {string[]} */ cmd, env = baseEnv) {
  banner(name);
  const t = performance.now();
  const res = await run(cmd[0], cmd.slice(1), { env });
  const ok = res.code === 0;
  rows.push({ suite: name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: (performance.now() - t) / 1000 });
  return ok;
}

/** One vitest project; counts come from its JSON report. */
async function vitest(/** @type {string} */ name, /** @type {string} */ project, env = baseEnv, serial = false) {
  banner(name);
  const report = path.join(ARTIFACTS, `vitest-${name.replace(/\W+/g, "-")}.json`);
  fs.rmSync(report, { force: true });
  const args = ["vitest", "run", "--project", project, "--passWithNoTests", "--reporter=default", "--reporter=json"];
  args.push(`--outputFile.json=${report}`);
  if (serial) args.push("--no-file-parallelism");
  const t = performance.now();
  const res = await run("npx", args, { env });
  rows.push({ suite: name, ...countVitest(report, res.code), seconds: (performance.now() - t) / 1000 });
}

for (const suite of selected) {
  switch (suite) {
    case "typecheck":
      await check("typecheck", ["npx", "tsc", "--noEmit", "-p", "tsconfig.json"]);
      if (fs.existsSync("media-server/tsconfig.json")) {
        await check("typecheck media-server", ["npx", "tsc", "--noEmit", "-p", "media-server/tsconfig.json"]);
      }
      break;
    case "lint":
      // eslint exits 1 on errors only; warnings are printed and do not fail the run.
      await check("lint", ["npx", "eslint", "."]);
      break;
    case "unit":
      await vitest("unit", "unit");
      break;
    case "integration": {
      const pglite = { ...baseEnv, TEST_DB: "pglite" };
      delete pglite.DATABASE_URL;
      delete pglite.REDIS_URL;
      await vitest("integration (pglite)", "integration", pglite);
      if (process.env.DATABASE_URL) {
        await vitest("integration (postgres)", "integration", { ...baseEnv, TEST_DB: "postgres" });
      } else {
        console.log("\nDATABASE_URL not set: integration suites ran on in-memory PGlite only");
      }
      break;
    }
    case "media": {
      const worker = findMediasoupWorker().path;
      await vitest("media", "media", worker ? { ...baseEnv, MEDIASOUP_WORKER_BIN: worker } : baseEnv, true);
      break;
    }
    case "build":
      await check("build", ["npx", "next", "build"]);
      break;
    case "e2e": {
      const chromium = findChromium();
      await vitest("e2e", "e2e", chromium ? { ...baseEnv, CHROMIUM_PATH: chromium } : baseEnv, true);
      break;
    }
  }
}

banner("summary");
if (selected.includes("integration") && !process.env.DATABASE_URL) {
  console.log("DATABASE_URL not set: integration suites ran on in-memory PGlite only\n");
}
console.log(formatSummary(rows));
process.exit(rows.some((r) => r.failed > 0) ? 1 : 0);
