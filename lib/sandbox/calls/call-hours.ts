import type { TCallingSettings } from "./call-model";

/**
 * Calling hours (reference §6.2): weekly ranges per day in the business's IANA time zone, at most
 * two per day without overlaps, at most 20 holiday overrides. Disabled (or absent) means open
 * 24/7. Times: Meta shows both "0400" and "04:00" (DOC CONFLICT) — both are accepted.
 * Holiday entries are treated as closed periods on that date (Meta's wording is "overrides";
 * whether they open or close the line is UNCONFIRMED).
 */
export const DAYS_OF_WEEK = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;

type THours = NonNullable<TCallingSettings["call_hours"]>;

export function parseHhmm(t: unknown): number | null {
  if (typeof t !== "string") return null;
  const m = /^([01]\d|2[0-3]):?([0-5]\d)$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A problem with a `call_hours` object as Meta would refuse it (error 100), or null. */
export function callHoursProblem(h: unknown): string | null {
  if (typeof h !== "object" || h === null) return "call_hours must be an object.";
  const o = h as Record<string, unknown>;
  if (o.status !== "ENABLED" && o.status !== "DISABLED") return "call_hours.status must be ENABLED or DISABLED.";
  if (typeof o.timezone_id !== "string" || !validTimeZone(o.timezone_id)) return `call_hours.timezone_id ${JSON.stringify(o.timezone_id)} is not a valid time zone.`;
  const weekly = o.weekly_operating_hours ?? [];
  if (!Array.isArray(weekly)) return "call_hours.weekly_operating_hours must be an array.";
  if (o.status === "ENABLED" && weekly.length === 0) return "call_hours.weekly_operating_hours needs at least one range when call hours are enabled.";
  const byDay = new Map<string, [number, number][]>();
  for (const r of weekly as Record<string, unknown>[]) {
    if (typeof r !== "object" || r === null || !DAYS_OF_WEEK.includes(r.day_of_week as (typeof DAYS_OF_WEEK)[number])) {
      return "weekly_operating_hours[].day_of_week must be MONDAY…SUNDAY.";
    }
    const open = parseHhmm(r.open_time);
    const close = parseHhmm(r.close_time);
    if (open === null || close === null) return "weekly_operating_hours[].open_time/close_time must be HHMM.";
    if (open >= close) return `${String(r.day_of_week)}: open_time must be before close_time.`;
    const list = byDay.get(r.day_of_week as string) ?? [];
    list.push([open, close]);
    byDay.set(r.day_of_week as string, list);
  }
  for (const [day, ranges] of byDay) {
    if (ranges.length > 2) return `${day}: at most 2 ranges per day.`;
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) if (ranges[i]![0] < ranges[i - 1]![1]) return `${day}: ranges overlap.`;
  }
  const holidays = o.holiday_schedule ?? [];
  if (!Array.isArray(holidays)) return "call_hours.holiday_schedule must be an array.";
  if (holidays.length > 20) return "call_hours.holiday_schedule allows at most 20 entries.";
  for (const d of holidays as Record<string, unknown>[]) {
    if (typeof d !== "object" || d === null || typeof d.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) return "holiday_schedule[].date must be YYYY-MM-DD.";
    const s = parseHhmm(d.start_time);
    const e = parseHhmm(d.end_time);
    if (s === null || e === null || s > e) return "holiday_schedule[].start_time/end_time must be HHMM with start before end.";
  }
  return null;
}

/** Local date (YYYY-MM-DD), weekday and minute of day of `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { date: string; day: (typeof DAYS_OF_WEEK)[number]; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    day: get("weekday").toUpperCase() as (typeof DAYS_OF_WEEK)[number],
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

/** Whether users can call the business at `at` (open 24/7 when hours are off). */
export function withinCallHours(hours: THours | null, at: number): boolean {
  if (!hours || hours.status !== "ENABLED") return true;
  const t = localTime(at, hours.timezone_id);
  for (const h of hours.holiday_schedule) {
    if (h.date !== t.date) continue;
    const s = parseHhmm(h.start_time)!;
    const e = parseHhmm(h.end_time)!;
    if (t.minute >= s && t.minute <= e) return false;
  }
  return hours.weekly_operating_hours.some((r) => {
    if (r.day_of_week !== t.day) return false;
    return t.minute >= parseHhmm(r.open_time)! && t.minute < parseHhmm(r.close_time)!;
  });
}
