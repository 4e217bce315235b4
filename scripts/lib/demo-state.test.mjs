import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureSecrets, newestMtime, parseSeedOutput, rememberAccess } from "./demo-state.mjs";

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "demo-state-"));

describe("demo state", () => {
  it("generates strong secrets once, owner-readable only, and keeps them across runs", () => {
    const dir = tmpDir();
    const first = ensureSecrets(dir, {});
    expect(first.generated).toEqual(["NEXTAUTH_SECRET", "APP_ENCRYPTION_KEY", "MEDIA_SERVER_SECRET"]);
    for (const v of Object.values(first.values)) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Object.values(first.values)).size).toBe(3);
    expect(fs.statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);

    const second = ensureSecrets(dir, {});
    expect(second.generated).toEqual([]);
    expect(second.values).toEqual(first.values);
  });

  it("lets the environment win over the stored secrets", () => {
    const dir = tmpDir();
    ensureSecrets(dir, {});
    const { values, fromEnv } = ensureSecrets(dir, { NEXTAUTH_SECRET: "from-the-environment" });
    expect(values.NEXTAUTH_SECRET).toBe("from-the-environment");
    expect(fromEnv).toEqual(["NEXTAUTH_SECRET"]);
  });

  it("remembers the accounts and API key the first seed printed", () => {
    const dir = tmpDir();
    const accounts = [{ email: "admin@demo.test", password: "pw", role: "admin" }];
    rememberAccess(dir, { created: true, accounts, apiKey: "key-1" });
    expect(rememberAccess(dir, { created: false, accounts: [], apiKey: null })).toEqual({ accounts, apiKey: "key-1" });
    expect(fs.statSync(path.join(dir, "demo-access.json")).mode & 0o777).toBe(0o600);
  });

  it("finds the seed's JSON result line among other output", () => {
    expect(parseSeedOutput('migrating…\n{"created":false,"accounts":[],"apiKey":null}\n')).toEqual({
      created: false,
      accounts: [],
      apiKey: null,
    });
    expect(parseSeedOutput("no json here")).toBeUndefined();
  });

  it("sees the newest source file but not tests or node_modules", () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, "lib", "node_modules"), { recursive: true });
    const src = path.join(dir, "lib", "a.ts");
    fs.writeFileSync(src, "");
    fs.utimesSync(src, 1000, 1000);
    for (const f of ["lib/a.test.ts", "lib/node_modules/x.js"]) {
      fs.writeFileSync(path.join(dir, f), "");
      fs.utimesSync(path.join(dir, f), 5000, 5000);
    }
    expect(newestMtime([path.join(dir, "lib"), path.join(dir, "missing")])).toBe(1000 * 1000);
  });
});
