"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, RefreshCw, RotateCw, Save } from "lucide-react";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import type { TAvailabilityDto, TAvailabilityInput } from "@/lib/appointments/appointment.schema";
import { WeeklyHoursEditor } from "./weekly-hours-editor";

const KEY = ["appointments", "availability"] as const;
type TDraft = {
  timeZone: string;
  weeklyHours: { weekday: number; start: string; end: string }[];
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  daysOff: string;
};

function toDraft(a: TAvailabilityInput | null): TDraft {
  return {
    timeZone: a?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    weeklyHours:
      a?.weeklyHours ?? [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "10:00", end: "18:00" })),
    slotMinutes: a?.slotMinutes ?? 30,
    bufferMinutes: a?.bufferMinutes ?? 0,
    minNoticeMinutes: a?.minNoticeMinutes ?? 60,
    horizonDays: a?.horizonDays ?? 14,
    daysOff: (a?.daysOff ?? []).join(", "),
  };
}

/** The agent's working hours (what the bot offers) and the private calendar feed URL. */
export function AvailabilityEditor() {
  const query = useQuery({
    queryKey: KEY,
    queryFn: () => apiFetch<TAvailabilityDto>("/api/v1/appointments/availability"),
  });
  if (query.isPending) return <Spinner label="Loading your working hours…" />;
  if (query.isError) {
    return (
      <Alert>
        <p className="font-medium">Could not load your working hours.</p>
        <p>{errorMessage(query.error)}</p>
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => void query.refetch()}>
          <RefreshCw aria-hidden className="size-3.5" /> Try again
        </Button>
      </Alert>
    );
  }
  return <Editor key={query.dataUpdatedAt} data={query.data} />;
}

function Editor({ data }: { data: TAvailabilityDto }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<TDraft>(() => toDraft(data.availability));
  const save = useMutation({
    mutationFn: (d: TDraft) =>
      apiFetch<TAvailabilityDto>("/api/v1/appointments/availability", {
        method: "PUT",
        body: {
          availability: {
            ...d,
            daysOff: d.daysOff
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean),
          },
        },
      }),
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      void qc.invalidateQueries({ queryKey: ["appointments", "slots"] });
      toast.success("Working hours saved.");
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const rotate = useMutation({
    mutationFn: () =>
      apiFetch<TAvailabilityDto>("/api/v1/appointments/availability/rotate-feed", { method: "POST" }),
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      toast.success("New feed URL. The old one no longer works.");
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  const num =
    (k: "slotMinutes" | "bufferMinutes" | "minNoticeMinutes" | "horizonDays") =>
    (e: React.ChangeEvent<HTMLInputElement>) =>
      setDraft({ ...draft, [k]: Number(e.target.value) });

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Calendar feed</CardTitle>
          <CardDescription>
            Subscribe to this private URL in Google Calendar, Outlook or Apple Calendar. Anyone with the URL
            can read your appointments: rotate it if it leaks.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap items-center gap-2">
          <Input
            aria-label="Calendar feed URL"
            readOnly
            value={data.feedUrl}
            className="min-w-0 flex-1 font-mono text-xs"
          />
          <Button
            variant="secondary"
            onClick={() => {
              void navigator.clipboard.writeText(data.feedUrl).then(
                () => toast.success("Feed URL copied."),
                () => toast.error("Could not copy; select the URL and copy it."),
              );
            }}
          >
            <Copy aria-hidden className="size-4" /> Copy calendar feed URL
          </Button>
          <Button
            variant="ghost"
            loading={rotate.isPending}
            onClick={() =>
              window.confirm("Make a new URL? Calendars subscribed to the old one stop updating.") &&
              rotate.mutate()
            }
          >
            <RotateCw aria-hidden className="size-4" /> Rotate
          </Button>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Working hours</CardTitle>
          <CardDescription>
            {data.availability
              ? "The bot offers slots inside these hours."
              : "Not set yet: the bot cannot offer your slots until you save your hours."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(draft);
            }}
          >
            <div className="grid gap-4 sm:grid-cols-3">
              <div className="sm:col-span-3">
                <Label htmlFor="av-tz">Time zone</Label>
                <Input
                  id="av-tz"
                  value={draft.timeZone}
                  onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
                />
              </div>
              <div>
                <Label htmlFor="av-slot">Slot length (min)</Label>
                <Input
                  id="av-slot"
                  type="number"
                  min={5}
                  max={480}
                  value={draft.slotMinutes}
                  onChange={num("slotMinutes")}
                />
              </div>
              <div>
                <Label htmlFor="av-buffer">Buffer (min)</Label>
                <Input
                  id="av-buffer"
                  type="number"
                  min={0}
                  max={240}
                  value={draft.bufferMinutes}
                  onChange={num("bufferMinutes")}
                />
              </div>
              <div>
                <Label htmlFor="av-notice">Minimum notice (min)</Label>
                <Input
                  id="av-notice"
                  type="number"
                  min={0}
                  value={draft.minNoticeMinutes}
                  onChange={num("minNoticeMinutes")}
                />
              </div>
            </div>
            <WeeklyHoursEditor
              idPrefix="av"
              value={draft.weeklyHours}
              onChange={(weeklyHours) => setDraft({ ...draft, weeklyHours })}
            />
            <div>
              <Label htmlFor="av-off">Days off (YYYY-MM-DD, comma-separated)</Label>
              <Input
                id="av-off"
                value={draft.daysOff}
                onChange={(e) => setDraft({ ...draft, daysOff: e.target.value })}
                placeholder="2026-12-25, 2027-01-01"
              />
            </div>
            <Button type="submit" loading={save.isPending}>
              <Save aria-hidden className="size-4" /> Save hours
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
