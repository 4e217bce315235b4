"use client";

import { Input } from "@/components/ui/input";

export interface TWeeklyInterval {
  weekday: number;
  start: string;
  end: string;
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * One row per weekday: on/off and a from–to time (wall clock in the zone chosen next to it).
 * Several intervals per day (breaks) are kept when present but edited as the first one only.
 */
export function WeeklyHoursEditor({
  value,
  onChange,
  idPrefix,
}: {
  value: TWeeklyInterval[];
  onChange: (next: TWeeklyInterval[]) => void;
  idPrefix: string;
}) {
  const byDay = (d: number) => value.filter((i) => i.weekday === d);
  const setDay = (d: number, interval: TWeeklyInterval | null) => {
    const others = value.filter((i) => i.weekday !== d);
    const rest = byDay(d).slice(1);
    onChange(
      [...others, ...(interval ? [interval, ...rest] : [])].sort(
        (a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start),
      ),
    );
  };
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1.5 text-sm font-medium text-slate-700">Weekly hours</legend>
      {DAYS.map((name, d) => {
        const first = byDay(d)[0];
        return (
          <div key={d} className="flex flex-wrap items-center gap-3 text-sm">
            <label className="flex w-32 items-center gap-2">
              <input
                type="checkbox"
                checked={Boolean(first)}
                onChange={(e) =>
                  setDay(d, e.target.checked ? { weekday: d, start: "09:00", end: "18:00" } : null)
                }
              />
              {name}
            </label>
            {first ? (
              <>
                <Input
                  aria-label={`${name} from`}
                  id={`${idPrefix}-${d}-start`}
                  type="time"
                  className="h-8 w-32"
                  value={first.start}
                  onChange={(e) => setDay(d, { ...first, start: e.target.value })}
                />
                <span aria-hidden>–</span>
                <Input
                  aria-label={`${name} to`}
                  id={`${idPrefix}-${d}-end`}
                  type="time"
                  className="h-8 w-32"
                  value={first.end === "24:00" ? "23:59" : first.end}
                  onChange={(e) => setDay(d, { ...first, end: e.target.value })}
                />
                {byDay(d).length > 1 ? (
                  <span className="text-xs text-slate-500">+{byDay(d).length - 1} more interval(s)</span>
                ) : null}
              </>
            ) : (
              <span className="text-slate-400">Closed</span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
