import { zonedParts } from "@/lib/appointments/time-zone";
import type { TBusinessHours } from "../settings.schema";

/** True inside the workspace's business hours (wall-clock intervals in its zone); no hours set = always. */
export function isWithinBusinessHours(hours: TBusinessHours | null, now: Date): boolean {
  if (!hours) return true;
  const p = zonedParts(now, hours.timeZone);
  const hhmm = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
  return hours.weekly.some((i) => i.weekday === p.weekday && i.start <= hhmm && hhmm < i.end);
}
