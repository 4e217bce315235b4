import { z } from "zod";
import { AppError } from "@/lib/core/app-error";
import { addDays, assertTimeZone, dateKey, zonedParts, zonedTimeToUtc } from "./time-zone";

/**
 * Free appointment slots for one agent. Working hours are wall-clock times in the agent's IANA zone,
 * so "09:00–17:00 Europe/London" is 08:00–16:00 UTC in summer and 09:00–17:00 UTC in winter, and a
 * DST switch day is an hour shorter or longer. Slots are generated on a grid that starts at each
 * working interval's start and steps by slot length + buffer, in real (UTC) minutes.
 */

const ZHhMmSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM (00:00–24:00)");
const ZDateKeySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const ZWorkingIntervalSchema = z
  .object({
    /** 0 = Sunday … 6 = Saturday, in the agent's zone. */
    weekday: z.number().int().min(0).max(6),
    start: ZHhMmSchema,
    end: ZHhMmSchema,
  })
  .refine((i) => i.start < i.end, { message: "start must be before end" });

export const ZAvailabilitySchema = z.object({
  agentId: z.string().min(1).optional(),
  timeZone: z.string().refine(isValidTimeZone, "unknown IANA time zone"),
  /** Several intervals per weekday make breaks (09:00–13:00, 14:00–18:00). */
  weeklyHours: z.array(ZWorkingIntervalSchema).max(50),
  slotMinutes: z.number().int().min(5).max(480),
  /** Free time kept after (and before) every appointment. */
  bufferMinutes: z.number().int().min(0).max(240).default(0),
  /** Whole days off, as dates in the agent's zone. */
  daysOff: z.array(ZDateKeySchema).max(1000).default([]),
  /** Nothing can be booked sooner than this after `from`. */
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30).default(60),
  /** Nothing is offered later than this many days after `from`. */
  horizonDays: z.number().int().min(1).max(365).default(14),
});
export type TAvailability = z.input<typeof ZAvailabilitySchema>;
type TAvailabilityParsed = z.output<typeof ZAvailabilitySchema>;

export type TSlotLanguage = "en" | "hi" | "hinglish";

export interface TFreeSlot {
  /** Stable per agent and start time; used as the WhatsApp list row id. */
  id: string;
  startsAt: Date;
  endsAt: Date;
  /** ≤ 24 chars (WhatsApp list row title), agent's zone, user's language: "Mon, 30 Nov, 11:00 am". */
  label: string;
  /** ≤ 72 chars (row description): long date, time range and zone. */
  description: string;
  timeZone: string;
}

export interface TAvailableSlotsOptions {
  availability: TAvailability;
  /** Existing appointments of the agent (cancelled ones excluded by the caller). */
  booked: ReadonlyArray<{ startsAt: Date; endsAt: Date }>;
  from: Date;
  count: number;
  language?: TSlotLanguage;
}

function isValidTimeZone(tz: string): boolean {
  try {
    assertTimeZone(tz);
    return true;
  } catch {
    // Intl throws RangeError for unknown zones; that is the answer we want, not a failure.
    return false;
  }
}

const MINUTE = 60_000;

export function availableSlots(options: TAvailableSlotsOptions): TFreeSlot[] {
  const parsed = ZAvailabilitySchema.safeParse(options.availability);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { message: "invalid availability", details: z.flattenError(parsed.error).fieldErrors });
  }
  const a: TAvailabilityParsed = parsed.data;
  const language = options.language ?? "en";
  const count = Math.max(0, Math.floor(options.count));
  if (count === 0) return [];

  const earliest = options.from.getTime() + a.minNoticeMinutes * MINUTE;
  const latest = options.from.getTime() + a.horizonDays * 24 * 60 * MINUTE;
  const daysOff = new Set(a.daysOff);
  const step = (a.slotMinutes + a.bufferMinutes) * MINUTE;
  const length = a.slotMinutes * MINUTE;
  const buffer = a.bufferMinutes * MINUTE;
  const booked = options.booked.map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })).sort((x, y) => x.start - y.start);

  const out: TFreeSlot[] = [];
  const firstDay = zonedParts(options.from, a.timeZone);
  for (let d = 0; d <= a.horizonDays; d++) {
    const day = addDays(firstDay, d);
    if (daysOff.has(dateKey(day.year, day.month, day.day))) continue;
    const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
    const intervals = a.weeklyHours.filter((i) => i.weekday === weekday).sort((x, y) => x.start.localeCompare(y.start));
    for (const interval of intervals) {
      const windowStart = wallToUtc(day, interval.start, a.timeZone);
      const windowEnd = wallToUtc(day, interval.end, a.timeZone);
      for (let t = windowStart; t + length <= windowEnd; t += step) {
        if (t < earliest) continue;
        if (t > latest) return out;
        const end = t + length;
        if (booked.some((b) => t < b.end + buffer && end + buffer > b.start)) continue;
        out.push(makeSlot(a, new Date(t), new Date(end), language));
        if (out.length >= count) return out;
      }
    }
  }
  return out;
}

function wallToUtc(day: { year: number; month: number; day: number }, hhmm: string, timeZone: string): number {
  if (hhmm === "24:00") return zonedTimeToUtc({ ...addDays(day, 1), hour: 0, minute: 0 }, timeZone).getTime();
  const [h, m] = hhmm.split(":").map(Number);
  return zonedTimeToUtc({ ...day, hour: h ?? 0, minute: m ?? 0 }, timeZone).getTime();
}

function makeSlot(a: TAvailabilityParsed, startsAt: Date, endsAt: Date, language: TSlotLanguage): TFreeSlot {
  return {
    id: `${a.agentId ?? "slot"}:${startsAt.toISOString()}`,
    startsAt,
    endsAt,
    label: formatSlotLabel(startsAt, a.timeZone, language).slice(0, 24),
    description: formatSlotDescription(startsAt, endsAt, a.timeZone, language).slice(0, 72),
    timeZone: a.timeZone,
  };
}

// Hindi labels use the 24-hour clock: ICU's hi-IN day periods print Latin "am/pm" in Devanagari text.
const localeOf = (language: TSlotLanguage): string => (language === "hi" ? "hi-IN" : "en-IN");
const hourCycle = (language: TSlotLanguage): "h23" | "h12" => (language === "hi" ? "h23" : "h12");

// Building an Intl.DateTimeFormat costs far more than formatting with one (~0.1 ms vs µs), and slot
// lists are rendered on every bot turn: keep one formatter per (kind, locale, zone).
const formatterCache = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "label" | "date" | "time", timeZone: string, language: TSlotLanguage): Intl.DateTimeFormat {
  const key = `${kind}|${language}|${timeZone}`;
  let f = formatterCache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "label"
        ? { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit", hourCycle: hourCycle(language) }
        : kind === "date"
          ? { weekday: "long", day: "numeric", month: "long", year: "numeric" }
          : { hour: "numeric", minute: "2-digit", hourCycle: hourCycle(language) };
    f = new Intl.DateTimeFormat(localeOf(language), { timeZone, ...options });
    formatterCache.set(key, f);
  }
  return f;
}

/** Short label in the agent's zone: "Mon, 30 Nov, 11:00 am" / "सोम, 30 नव॰, 11:00". */
export function formatSlotLabel(startsAt: Date, timeZone: string, language: TSlotLanguage): string {
  return formatter("label", timeZone, language).format(startsAt);
}

function formatSlotDescription(startsAt: Date, endsAt: Date, timeZone: string, language: TSlotLanguage): string {
  const time = formatter("time", timeZone, language);
  return `${formatter("date", timeZone, language).format(startsAt)}, ${time.format(startsAt)}–${time.format(endsAt)} (${timeZone})`;
}
