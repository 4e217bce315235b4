import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countVitest, formatSummary } from "./test-summary.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "summary-"));
const report = (name, body) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
};

describe("test summary", () => {
  it("counts passed, failed and skipped tests from vitest's JSON report", () => {
    const file = report("a.json", { numPassedTests: 7, numFailedTests: 2, numPendingTests: 1, numTodoTests: 1 });
    expect(countVitest(file, 1)).toEqual({ passed: 7, failed: 2, skipped: 2, note: undefined });
  });

  it("counts a non-zero exit without failed tests as one failure", () => {
    const file = report("b.json", { numPassedTests: 3, numFailedTests: 0, numFailedTestSuites: 1 });
    expect(countVitest(file, 1)).toMatchObject({ passed: 3, failed: 1 });
    expect(countVitest(path.join(tmp, "missing.json"), 1)).toMatchObject({ failed: 1 });
    expect(countVitest(path.join(tmp, "missing.json"), 0)).toMatchObject({ failed: 0 });
  });

  it("ends with the totals alone on the last line", () => {
    const rows = [
      { suite: "unit", passed: 10, failed: 0, skipped: 0, seconds: 1.25 },
      { suite: "e2e", passed: 2, failed: 1, skipped: 3, seconds: 30 },
    ];
    const lines = formatSummary(rows).split("\n");
    expect(lines.at(-1)).toBe("12 passed, 1 failed, 3 skipped");
    expect(lines[0]).toMatch(/^suite\s+passed\s+failed\s+skipped\s+seconds$/);
    expect(lines.find((l) => l.startsWith("e2e"))).toMatch(/2\s+1\s+3\s+30\.0$/);
    expect(formatSummary([rows[0]]).split("\n").at(-1)).toBe("10 passed, 0 failed");
  });
});
