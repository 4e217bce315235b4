import { describe, expect, it } from "vitest";
import { isWithinCallingHours } from "./calling-hours";

describe("isWithinCallingHours", () => {
  const hours = { timezone: "Asia/Kolkata", weekly: [{ day: "MONDAY" as const, open: "09:00", close: "1800" }] };

  it("is open 24/7 without hours", () => {
    expect(isWithinCallingHours(null, new Date("2026-01-04T03:00:00Z"))).toBe(true);
  });

  it("compares wall-clock time in the configured timezone, close exclusive", () => {
    // Monday 2026-01-05 09:00 IST = 03:30 UTC.
    expect(isWithinCallingHours(hours, new Date("2026-01-05T03:30:00Z"))).toBe(true);
    expect(isWithinCallingHours(hours, new Date("2026-01-05T03:29:00Z"))).toBe(false);
    // 18:00 IST = 12:30 UTC is closed.
    expect(isWithinCallingHours(hours, new Date("2026-01-05T12:30:00Z"))).toBe(false);
    // Tuesday: no range.
    expect(isWithinCallingHours(hours, new Date("2026-01-06T06:00:00Z"))).toBe(false);
  });
});
