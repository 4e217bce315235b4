import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDotEnv, parseDotEnv } from "./dotenv.mjs";

describe("dotenv", () => {
  it("parses KEY=VALUE lines, quotes, export prefixes and comments", () => {
    expect(
      parseDotEnv(
        ['# comment', "", "PORT=3001", 'export A="x y\\nz"', "B='#not a comment'", "C=plain # trailing", "bad line"].join(
          "\n",
        ),
      ),
    ).toEqual({ PORT: "3001", A: "x y\nz", B: "#not a comment", C: "plain" });
  });

  it("never overrides the real environment", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dotenv-"));
    const file = path.join(dir, ".env");
    fs.writeFileSync(file, "PORT=9999\nNEW_ONE=1\n");
    const env = { PORT: "3000" };
    expect(loadDotEnv(file, env)).toEqual(["NEW_ONE"]);
    expect(env).toEqual({ PORT: "3000", NEW_ONE: "1" });
    expect(loadDotEnv(path.join(dir, "missing"), env)).toEqual([]);
  });
});
