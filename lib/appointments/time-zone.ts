/**
 * Wall-clock ↔ UTC conversion for IANA time zones with nothing but Intl (no tz packages).
 *
 * Quirks handled:
 * - DST gaps (Europe/London, last Sunday of March: 01:00 → 02:00): a wall time inside the gap does
 *   not exist; `zonedTimeToUtc` moves it forward by the gap, as calendar apps do (01:30 → 02:30 BST).
 * - DST overlaps (last Sunday of October: 01:00–02:00 happens twice): the earlier instant is used.
 * - Intl may print hour 24 for midnight with hour12:false in some engines; we fold it to 0.
 */

export interface TZonedParts {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Throws RangeError for an unknown zone (Intl's own check). */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The wall-clock date and time of an instant in a zone. */
export function zonedParts(date: Date, timeZone: string): TZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? "Sun"] ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in minutes (IST = +330, BST = +60). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const floored = Math.floor(date.getTime() / 60_000) * 60_000;
  return Math.round((asUtc - floored) / 60_000);
}

/** The UTC instant of a wall-clock time in a zone (gap → shifted forward, overlap → earlier). */
export function zonedTimeToUtc(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Try the offsets in force a day either side; the candidates that read back as the same wall time are valid.
  const offsets = new Set([
    zoneOffsetMinutes(new Date(wall - 86_400_000), timeZone),
    zoneOffsetMinutes(new Date(wall), timeZone),
    zoneOffsetMinutes(new Date(wall + 86_400_000), timeZone),
  ]);
  const valid: number[] = [];
  for (const off of offsets) {
    const t = wall - off * 60_000;
    const p = zonedParts(new Date(t), timeZone);
    if (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wall) valid.push(t);
  }
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In a DST gap: use the offset from before the transition, which lands after the gap.
  const before = zoneOffsetMinutes(new Date(wall - 86_400_000), timeZone);
  return new Date(wall - before * 60_000);
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function zonedDateKey(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return dateKey(p.year, p.month, p.day);
}

export function dateKey(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Calendar arithmetic on a plain date (no zone involved). */
export function addDays(d: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
