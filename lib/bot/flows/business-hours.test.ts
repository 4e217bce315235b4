import { describe, expect, it } from "vitest";
import { isWithinBusinessHours } from "./business-hours";

describe("isWithinBusinessHours", () => {
  const hours = {
    timeZone: "Asia/Kolkata",
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "10:00", end: "18:00" })),
  };

  it("reads the wall clock in the workspace's zone", () => {
    // Friday 27 Nov 2026 04:29 UTC = 09:59 IST (closed), 04:30 UTC = 10:00 IST (open).
    expect(isWithinBusinessHours(hours, new Date("2026-11-27T04:29:00Z"))).toBe(false);
    expect(isWithinBusinessHours(hours, new Date("2026-11-27T04:30:00Z"))).toBe(true);
    // 18:00 IST is closing time: closed.
    expect(isWithinBusinessHours(hours, new Date("2026-11-27T12:29:00Z"))).toBe(true);
    expect(isWithinBusinessHours(hours, new Date("2026-11-27T12:30:00Z"))).toBe(false);
  });

  it("is closed on days without hours, and always open without settings", () => {
    // Saturday noon IST.
    expect(isWithinBusinessHours(hours, new Date("2026-11-28T06:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours(null, new Date("2026-11-28T06:30:00Z"))).toBe(true);
  });

  it("follows DST in zones that have it (Europe/London 09:00–17:00)", () => {
    const london = {
      timeZone: "Europe/London",
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
    };
    expect(isWithinBusinessHours(london, new Date("2026-07-01T08:30:00Z"))).toBe(true); // 09:30 BST
    expect(isWithinBusinessHours(london, new Date("2026-12-01T08:30:00Z"))).toBe(false); // 08:30 GMT
  });
});
