// Counting and printing for scripts/test.mjs.
import fs from "node:fs";

/** @typedef {{ suite: string, passed: number, failed: number, skipped: number, seconds: number, note?: string }} SuiteRow */

/**
 * Counts from vitest's JSON reporter file. A run that exited non-zero without any failed test
 * (a file that does not load, a crash, an unhandled error) counts as one failure, so the run can
 * never look green when vitest said it was not.
 * @param {string} file
 * @param {number} exitCode
 * @returns {{ passed: number, failed: number, skipped: number, note?: string }}
 */
export function countVitest(file, exitCode) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0, note: exitCode === 0 ? "no report" : "vitest failed before reporting" };
  }
  const passed = report.numPassedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  let failed = report.numFailedTests ?? 0;
  let note;
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    note = report.numFailedTestSuites ? `${report.numFailedTestSuites} file(s) failed to run` : "vitest exited with an error";
  }
  return { passed, failed, skipped, note };
}

/**
 * The closing table and, as the very last line, `N passed, N failed[, N skipped]`.
 * @param {SuiteRow[]} rows
 */
export function formatSummary(rows) {
  const head = ["suite", "passed", "failed", "skipped", "seconds"];
  const body = rows.map((r) => [
    r.suite + (r.note ? ` (${r.note})` : ""),
    String(r.passed),
    String(r.failed),
    String(r.skipped),
    r.seconds.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (/** @type {string[]} */ cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const total = rows.reduce(
    (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const last = `${total.passed} passed, ${total.failed} failed` + (total.skipped ? `, ${total.skipped} skipped` : "");
  return [fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(fmt), "", last].join("\n");
}
