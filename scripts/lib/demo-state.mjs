// What the demo keeps under data/: generated secrets and the seeded accounts, plus the cheap
// "is the web build older than its sources" check.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const SECRET_NAMES = ["NEXTAUTH_SECRET", "APP_ENCRYPTION_KEY", "MEDIA_SERVER_SECRET"];

/** Writes JSON readable by the owner only (0600), also when the file already existed. */
export function writePrivateJson(/** @type {string} */ file, /** @type {unknown} */ value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

function readJson(/** @type {string} */ file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Secrets for the demo: the environment wins; otherwise values from `<dataDir>/secrets.json`,
 * generated (32 random bytes, base64url) on first run. Keeping them across restarts keeps
 * sessions valid and encrypted data (recordings, stored tokens) readable.
 * @returns {{ values: Record<string, string>, generated: string[], fromEnv: string[] }}
 */
export function ensureSecrets(/** @type {string} */ dataDir, env = process.env) {
  const file = path.join(dataDir, "secrets.json");
  const stored = readJson(file) ?? {};
  /** @type {Record<string, string>} */
  const values = {};
  const generated = [];
  const fromEnv = [];
  for (const name of SECRET_NAMES) {
    if (env[name]) {
      values[name] = env[name];
      fromEnv.push(name);
    } else if (typeof stored[name] === "string" && stored[name].length >= 32) {
      values[name] = stored[name];
    } else {
      stored[name] = randomBytes(32).toString("base64url");
      values[name] = stored[name];
      generated.push(name);
    }
  }
  if (generated.length) writePrivateJson(file, stored);
  return { values, generated, fromEnv };
}

/**
 * @typedef {{ email: string, password: string, role: string }} DemoAccount
 * @typedef {{ accounts: DemoAccount[], apiKey: string | null }} DemoAccess
 */

/**
 * Merges what the seed printed with what an earlier run remembered: the seed prints passwords
 * and the API key only when it creates them (the key is stored hashed), so later runs read them
 * back from `<dataDir>/demo-access.json`.
 * @param {string} dataDir
 * @param {{ created?: boolean, accounts?: DemoAccount[], apiKey?: string | null }} seeded
 * @returns {DemoAccess}
 */
export function rememberAccess(dataDir, seeded) {
  const file = path.join(dataDir, "demo-access.json");
  /** @type {DemoAccess} */
  const before = readJson(file) ?? { accounts: [], apiKey: null };
  const access = {
    accounts: seeded.accounts?.length ? seeded.accounts : before.accounts,
    apiKey: seeded.apiKey ?? before.apiKey ?? null,
  };
  writePrivateJson(file, access);
  return access;
}

/** The last stdout line that is a JSON object with a `created` field (the seed's result line). */
export function parseSeedOutput(/** @type {string} */ stdout) {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      const v = JSON.parse(line);
      if (v && typeof v === "object" && "created" in v) return v;
    } catch {
      // not the result line: the seed may log other things first
    }
  }
  return undefined;
}

/**
 * Newest modification time among files under `paths` (directories are walked), skipping
 * node_modules, dot-directories and test files, which do not change the production build.
 * @param {string[]} paths
 */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (/** @type {string} */ p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const d of fs.readdirSync(p, { withFileTypes: true })) {
        if (d.name === "node_modules" || d.name.startsWith(".")) continue;
        if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(d.name)) continue;
        visit(path.join(p, d.name));
      }
    } else if (st.mtimeMs > newest) {
      newest = st.mtimeMs;
    }
  };
  for (const p of paths) visit(p);
  return newest;
}
