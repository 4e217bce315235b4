import { describe, expect, it } from "vitest";
import { WINDOW_MS, extendWindow, isWindowOpen, remaining, windowExpiresAt } from "./window";

const last = new Date("2026-03-01T10:00:00.000Z");

describe("customer-service window", () => {
  it("expires exactly 24 hours after the user's last message", () => {
    expect(windowExpiresAt(last).toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });

  it("is open one millisecond before expiry and closed at and after it", () => {
    const exp = windowExpiresAt(last);
    expect(isWindowOpen(exp, new Date(exp.getTime() - 1))).toBe(true);
    expect(isWindowOpen(exp, exp)).toBe(false);
    expect(isWindowOpen(exp, new Date(exp.getTime() + 1))).toBe(false);
  });

  it("is closed when never opened", () => {
    expect(isWindowOpen(null, last)).toBe(false);
    expect(remaining(undefined, last)).toBe(0);
  });

  it("reports the remaining time, never negative", () => {
    const exp = windowExpiresAt(last);
    expect(remaining(exp, last)).toBe(WINDOW_MS);
    expect(remaining(exp, new Date(exp.getTime() - 60_000))).toBe(60_000);
    expect(remaining(exp, new Date(exp.getTime() + 60_000))).toBe(0);
  });

  it("only extends: an older (out-of-order) message does not shorten the window", () => {
    const exp = windowExpiresAt(last);
    const older = new Date(last.getTime() - 3_600_000);
    expect(extendWindow(exp, older)).toEqual(exp);
    const newer = new Date(last.getTime() + 3_600_000);
    expect(extendWindow(exp, newer)).toEqual(windowExpiresAt(newer));
    expect(extendWindow(null, last)).toEqual(exp);
  });
});
