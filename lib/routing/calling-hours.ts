import type { TCallingSettings } from "@/lib/calls/calling-settings";

const DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;

/**
 * Whether `at` falls inside the workspace's calling hours (no hours configured = open 24/7, as
 * Meta's own call_hours). Times are wall-clock in the configured IANA timezone; close is exclusive.
 */
export function isWithinCallingHours(hours: TCallingSettings["hours"], at: Date): boolean {
  if (!hours || hours.weekly.length === 0) return true;
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: hours.timezone, weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = get("weekday").toUpperCase();
  const hhmm = `${get("hour").padStart(2, "0")}${get("minute").padStart(2, "0")}`;
  if (!(DAYS as readonly string[]).includes(day)) return true;
  return hours.weekly.some((r) => r.day === day && r.open.replace(":", "") <= hhmm && hhmm < r.close.replace(":", ""));
}
