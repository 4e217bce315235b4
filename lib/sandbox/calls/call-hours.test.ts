import { describe, expect, it } from "vitest";
import { callHoursProblem, localTime, withinCallHours } from "./call-hours";

const hours = (weekly: { day_of_week: string; open_time: string; close_time: string }[], holiday_schedule: { date: string; start_time: string; end_time: string }[] = []) => ({
  status: "ENABLED" as const,
  timezone_id: "Asia/Kolkata",
  weekly_operating_hours: weekly,
  holiday_schedule,
});

// Wednesday 2026-11-25 10:30 in Kolkata = 05:00 UTC.
const WED_1030_IST = Date.UTC(2026, 10, 25, 5, 0);

describe("call hours", () => {
  it("reads local time in the business's time zone", () => {
    expect(localTime(WED_1030_IST, "Asia/Kolkata")).toEqual({ date: "2026-11-25", day: "WEDNESDAY", minute: 10 * 60 + 30 });
  });

  it("open inside a weekly range, closed outside it, on other days and on a holiday", () => {
    const h = hours([{ day_of_week: "WEDNESDAY", open_time: "0900", close_time: "1800" }]);
    expect(withinCallHours(h, WED_1030_IST)).toBe(true);
    expect(withinCallHours(h, WED_1030_IST + 8 * 3600_000)).toBe(false); // 18:30
    expect(withinCallHours(h, WED_1030_IST + 24 * 3600_000)).toBe(false); // Thursday
    expect(withinCallHours({ ...h, holiday_schedule: [{ date: "2026-11-25", start_time: "0000", end_time: "2359" }] }, WED_1030_IST)).toBe(false);
    expect(withinCallHours({ ...h, status: "DISABLED" }, WED_1030_IST + 24 * 3600_000)).toBe(true); // disabled = 24/7
    expect(withinCallHours(null, WED_1030_IST)).toBe(true);
    expect(withinCallHours(hours([{ day_of_week: "WEDNESDAY", open_time: "09:00", close_time: "10:30" }]), WED_1030_IST)).toBe(false); // close is exclusive, HH:MM accepted
  });

  it("validates like Meta: two ranges per day, no overlaps, ≤ 20 holidays, real time zones", () => {
    expect(callHoursProblem(hours([{ day_of_week: "MONDAY", open_time: "0900", close_time: "1200" }]))).toBeNull();
    const three = ["0100", "0300", "0500"].map((o) => ({ day_of_week: "MONDAY", open_time: o, close_time: `0${Number(o[1]) + 1}00` }));
    expect(callHoursProblem(hours(three))).toMatch(/at most 2/);
    expect(callHoursProblem(hours([{ day_of_week: "MONDAY", open_time: "1200", close_time: "0900" }]))).toMatch(/before/);
    expect(callHoursProblem(hours([{ day_of_week: "FUNDAY", open_time: "0900", close_time: "1000" }]))).toMatch(/day_of_week/);
    const holidays = Array.from({ length: 21 }, (_, i) => ({ date: `2026-12-${String(i + 1).padStart(2, "0")}`, start_time: "0000", end_time: "2359" }));
    expect(callHoursProblem(hours([{ day_of_week: "MONDAY", open_time: "0900", close_time: "1000" }], holidays))).toMatch(/20/);
    expect(callHoursProblem({ ...hours([]), timezone_id: "Nowhere/Land" })).toMatch(/time zone/);
    expect(callHoursProblem(hours([]))).toMatch(/at least one/);
  });
});
