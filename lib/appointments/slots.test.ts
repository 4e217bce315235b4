import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { availableSlots, type TAvailability } from "./slots";
import { zonedTimeToUtc, zoneOffsetMinutes } from "./time-zone";

const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]) => days.map((weekday) => ({ weekday, start, end }));
const iso = (d: Date) => d.toISOString();

const kolkata: TAvailability = {
  agentId: "agent-1",
  timeZone: "Asia/Kolkata",
  weeklyHours: weekdays("10:00", "13:00"),
  slotMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  horizonDays: 14,
};
// Monday 30 Nov 2026, 00:00 IST.
const mondayMidnightIst = new Date("2026-11-29T18:30:00Z");

describe("time-zone helpers", () => {
  it("converts wall time to UTC across zones and DST", () => {
    expect(iso(zonedTimeToUtc({ year: 2026, month: 11, day: 30, hour: 11, minute: 0 }, "Asia/Kolkata"))).toBe("2026-11-30T05:30:00.000Z");
    expect(iso(zonedTimeToUtc({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, "Europe/London"))).toBe("2026-07-01T08:00:00.000Z");
    expect(iso(zonedTimeToUtc({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, "Europe/London"))).toBe("2026-12-01T09:00:00.000Z");
    // 01:30 does not exist on 29 Mar 2026 in London (clocks jump 01:00 → 02:00): moved forward to 02:30 BST.
    expect(iso(zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, "Europe/London"))).toBe("2026-03-29T01:30:00.000Z");
    // 01:30 happens twice on 25 Oct 2026: the first (BST) one is used.
    expect(iso(zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, "Europe/London"))).toBe("2026-10-25T00:30:00.000Z");
    expect(zoneOffsetMinutes(new Date("2026-06-01T00:00:00Z"), "Asia/Kolkata")).toBe(330);
  });
});

describe("availableSlots", () => {
  it("generates slots inside working hours, in the agent's zone", () => {
    const slots = availableSlots({ availability: kolkata, booked: [], from: mondayMidnightIst, count: 6 });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2026-11-30T04:30:00.000Z", // 10:00 IST
      "2026-11-30T05:00:00.000Z",
      "2026-11-30T05:30:00.000Z",
      "2026-11-30T06:00:00.000Z",
      "2026-11-30T06:30:00.000Z",
      "2026-11-30T07:00:00.000Z", // 12:30 IST, the last that ends by 13:00
    ]);
    expect(slots.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 30 * 60_000)).toBe(true);
    expect(slots[0]).toMatchObject({ id: "agent-1:2026-11-30T04:30:00.000Z", label: "Mon, 30 Nov, 10:00 am", timeZone: "Asia/Kolkata" });
    // Next call continues on Tuesday: 6 slots per day.
    const more = availableSlots({ availability: kolkata, booked: [], from: mondayMidnightIst, count: 7 });
    expect(iso(more[6]!.startsAt)).toBe("2026-12-01T04:30:00.000Z");
  });

  it("renders labels in the user's language and script, within WhatsApp's 24/72 limits", () => {
    const [en] = availableSlots({ availability: kolkata, booked: [], from: mondayMidnightIst, count: 1, language: "en" });
    const [hi] = availableSlots({ availability: kolkata, booked: [], from: mondayMidnightIst, count: 1, language: "hi" });
    const [hinglish] = availableSlots({ availability: kolkata, booked: [], from: mondayMidnightIst, count: 1, language: "hinglish" });
    expect(en!.label).toBe("Mon, 30 Nov, 10:00 am");
    expect(hi!.label).toMatch(/[\u0900-\u097F]/);
    expect(hi!.label).toContain("10:00");
    expect(hi!.label).not.toMatch(/am|pm/i);
    expect(hinglish!.label).toMatch(/^[\x20-\x7E]+$/);
    for (const s of [en!, hi!, hinglish!]) {
      expect(s.label.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(72);
    }
  });

  it("skips weekends, days off, and honours breaks between intervals", () => {
    const slots = availableSlots({
      availability: { ...kolkata, weeklyHours: [...weekdays("10:00", "11:00"), ...weekdays("14:00", "15:00")], daysOff: ["2026-11-30", "2026-12-01"] },
      booked: [],
      from: new Date("2026-11-27T18:30:00Z"), // Saturday 28 Nov 00:00 IST
      count: 5,
    });
    // Sat, Sun: no hours; Mon 30, Tue 1: days off; Wednesday 2 Dec: 10:00, 10:30, 14:00, 14:30; then Thursday.
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2026-12-02T04:30:00.000Z",
      "2026-12-02T05:00:00.000Z",
      "2026-12-02T08:30:00.000Z",
      "2026-12-02T09:00:00.000Z",
      "2026-12-03T04:30:00.000Z",
    ]);
  });

  it("keeps the buffer between offered slots and around booked appointments", () => {
    const withBuffer = { ...kolkata, bufferMinutes: 15 };
    const free = availableSlots({ availability: withBuffer, booked: [], from: mondayMidnightIst, count: 4 });
    expect(free.map((s) => iso(s.startsAt))).toEqual([
      "2026-11-30T04:30:00.000Z", // 10:00
      "2026-11-30T05:15:00.000Z", // 10:45
      "2026-11-30T06:00:00.000Z", // 11:30
      "2026-11-30T06:45:00.000Z", // 12:15
    ]);
    // A booking at 10:50–11:20 IST (made elsewhere, off the grid) blocks 10:45 (overlap) and 11:30 (inside the 15-min buffer).
    const booked = [{ startsAt: new Date("2026-11-30T05:20:00Z"), endsAt: new Date("2026-11-30T05:50:00Z") }];
    const around = availableSlots({ availability: withBuffer, booked, from: mondayMidnightIst, count: 2 });
    expect(around.map((s) => iso(s.startsAt))).toEqual(["2026-11-30T04:30:00.000Z", "2026-11-30T06:45:00.000Z"]);
  });

  it("excludes slots overlapping booked appointments, and only those", () => {
    const booked = [
      { startsAt: new Date("2026-11-30T05:00:00Z"), endsAt: new Date("2026-11-30T05:30:00Z") }, // exactly 10:30–11:00
      { startsAt: new Date("2026-11-30T06:15:00Z"), endsAt: new Date("2026-11-30T06:45:00Z") }, // 11:45–12:15 straddles two slots
    ];
    const slots = availableSlots({ availability: kolkata, booked, from: mondayMidnightIst, count: 6 });
    expect(slots.slice(0, 3).map((s) => iso(s.startsAt))).toEqual([
      "2026-11-30T04:30:00.000Z", // 10:00 ends when the booking starts: allowed (touching, not overlapping)
      "2026-11-30T05:30:00.000Z", // 11:00 starts when the booking ends: allowed
      "2026-11-30T07:00:00.000Z", // 12:30
    ]);
  });

  it("applies minimum notice and the horizon", () => {
    const from = new Date("2026-11-30T04:40:00Z"); // Monday 10:10 IST
    const slots = availableSlots({ availability: { ...kolkata, minNoticeMinutes: 60 }, booked: [], from, count: 2 });
    expect(slots.map((s) => iso(s.startsAt))).toEqual(["2026-11-30T06:00:00.000Z", "2026-11-30T06:30:00.000Z"]); // ≥ 11:10 IST → 11:30 IST
    const short = availableSlots({ availability: { ...kolkata, horizonDays: 1 }, booked: [], from: mondayMidnightIst, count: 100 });
    expect(short).toHaveLength(6); // Monday only; Tuesday 10:00 IST is beyond 24 h from Monday 00:00
    expect(availableSlots({ availability: kolkata, booked: [], from: mondayMidnightIst, count: 100 }).length).toBe(6 * 10); // 10 weekdays in 14 days
  });

  it("handles the spring DST switch day in Europe/London", () => {
    const london: TAvailability = {
      timeZone: "Europe/London",
      weeklyHours: [
        { weekday: 0, start: "00:00", end: "04:00" }, // a night shift across the 01:00 → 02:00 jump
        { weekday: 0, start: "09:00", end: "11:00" },
      ],
      slotMinutes: 60,
      minNoticeMinutes: 0,
    };
    const slots = availableSlots({ availability: london, booked: [], from: new Date("2026-03-28T12:00:00Z"), count: 10 });
    const sameDay = slots.filter((s) => iso(s.startsAt).startsWith("2026-03-29"));
    expect(sameDay.map((s) => iso(s.startsAt))).toEqual([
      "2026-03-29T00:00:00.000Z", // 00:00 GMT
      "2026-03-29T01:00:00.000Z", // 02:00 BST (01:00 local never happens)
      "2026-03-29T02:00:00.000Z", // 03:00 BST — 00:00–04:00 local is only 3 real hours
      "2026-03-29T08:00:00.000Z", // 09:00 BST
      "2026-03-29T09:00:00.000Z", // 10:00 BST
    ]);
    expect(sameDay.map((s) => s.label)).toEqual(["Sun, 29 Mar, 12:00 am", "Sun, 29 Mar, 2:00 am", "Sun, 29 Mar, 3:00 am", "Sun, 29 Mar, 9:00 am", "Sun, 29 Mar, 10:00 am"]);
  });

  it("handles the autumn DST switch day in Europe/London", () => {
    const london: TAvailability = { timeZone: "Europe/London", weeklyHours: [{ weekday: 0, start: "09:00", end: "10:00" }, { weekday: 1, start: "09:00", end: "10:00" }], slotMinutes: 60, minNoticeMinutes: 0 };
    const slots = availableSlots({ availability: london, booked: [], from: new Date("2026-10-24T12:00:00Z"), count: 2 });
    expect(slots.map((s) => iso(s.startsAt))).toEqual(["2026-10-25T09:00:00.000Z", "2026-10-26T09:00:00.000Z"]); // GMT again from Sunday
  });

  it("rejects an invalid availability with INVALID_INPUT", () => {
    const bad = () => availableSlots({ availability: { ...kolkata, timeZone: "Mars/Olympus" }, booked: [], from: mondayMidnightIst, count: 1 });
    expect(bad).toThrow(AppError);
    try {
      bad();
    } catch (err) {
      expect(AppError.is(err, "INVALID_INPUT")).toBe(true);
    }
    expect(() => availableSlots({ availability: { ...kolkata, weeklyHours: [{ weekday: 1, start: "13:00", end: "10:00" }] }, booked: [], from: mondayMidnightIst, count: 1 })).toThrow(AppError);
  });
});
