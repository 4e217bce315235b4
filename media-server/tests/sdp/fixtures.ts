import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../../../tests/fixtures/sdp/", import.meta.url));

/** A fixture from tests/fixtures/sdp, byte for byte. */
export function fixture(name: string): string {
  return readFileSync(dir + name, "utf8");
}

export function fixtureNames(): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".sdp"));
}
