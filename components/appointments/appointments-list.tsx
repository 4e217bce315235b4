"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarDays, CalendarX, Clock } from "lucide-react";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { QueryView } from "@/components/ui/query-view";
import { Spinner } from "@/components/ui/spinner";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { TAppointmentDto } from "@/lib/appointments/appointment.schema";

const STATUS_TONE: Record<TAppointmentDto["status"], BadgeTone> = {
  booked: "green",
  rescheduled: "blue",
  cancelled: "red",
  completed: "neutral",
  no_show: "amber",
};

function inZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(iso));
}

/** Upcoming appointments (own; everyone's for admins and supervisors) with reschedule and cancel. */
export function AppointmentsList() {
  const qc = useQueryClient();
  const [moving, setMoving] = useState<TAppointmentDto | null>(null);
  const list = useQuery({
    queryKey: ["appointments", "list"],
    queryFn: () => apiFetch<{ data: TAppointmentDto[] }>("/api/v1/appointments"),
    refetchInterval: 60_000,
  });
  const slots = useQuery({
    queryKey: ["appointments", "slots", moving?.agent.id],
    queryFn: () =>
      apiFetch<{ data: { id: string; startsAt: string; label: string }[] }>(
        `/api/v1/appointments/slots?count=20&agent=${encodeURIComponent(moving!.agent.id)}`,
      ),
    enabled: moving !== null,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["appointments"] });
  const cancel = useMutation({
    mutationFn: (id: string) =>
      apiFetch<TAppointmentDto>(`/api/v1/appointments/${id}/cancel`, { method: "POST" }),
    onSuccess: () => {
      toast.success("Cancelled. The customer gets the cancellation on WhatsApp when their window is open.");
      refresh();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const reschedule = useMutation({
    mutationFn: (v: { id: string; slotId: string }) =>
      apiFetch<TAppointmentDto>(`/api/v1/appointments/${v.id}/reschedule`, {
        method: "POST",
        body: { slotId: v.slotId },
      }),
    onSuccess: () => {
      toast.success("Moved. The customer gets the updated invitation.");
      setMoving(null);
      refresh();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  return (
    <>
      <QueryView
        query={list}
        loadingLabel="Loading appointments…"
        errorTitle="Could not load appointments."
        isEmpty={({ data }) => data.length === 0}
        empty={{
          icon: CalendarDays,
          title: "No upcoming appointments",
          description:
            "When the bot or a colleague books a meeting with you, it shows up here and in your calendar feed.",
        }}
      >
        {({ data: appointments }) => (
          <Card>
            <Table>
              <THead>
                <TR>
                  <TH>When</TH>
                  <TH>Contact</TH>
                  <TH>Agent</TH>
                  <TH>Status</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {appointments.map((a) => {
                  const active = a.status === "booked" || a.status === "rescheduled";
                  return (
                    <TR key={a.id}>
                      <TD className="whitespace-nowrap">
                        <span className="font-medium">{inZone(a.startsAt, a.timeZone)}</span>
                        <span className="block text-xs text-slate-500">{a.timeZone}</span>
                      </TD>
                      <TD>
                        {a.contact.name ?? "—"}
                        <span className="block text-xs text-slate-500">{a.contact.phone}</span>
                      </TD>
                      <TD>{a.agent.name}</TD>
                      <TD>
                        <Badge tone={STATUS_TONE[a.status]}>{a.status.replace("_", " ")}</Badge>
                      </TD>
                      <TD className="whitespace-nowrap">
                        {active ? (
                          <>
                            <Button variant="ghost" size="sm" onClick={() => setMoving(a)}>
                              <Clock aria-hidden className="size-3.5" /> Reschedule
                            </Button>
                            <Button
                              variant="ghost"
                              size="sm"
                              loading={cancel.isPending && cancel.variables === a.id}
                              onClick={() =>
                                window.confirm("Cancel this appointment?") && cancel.mutate(a.id)
                              }
                            >
                              <CalendarX aria-hidden className="size-3.5" /> Cancel
                            </Button>
                          </>
                        ) : null}
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          </Card>
        )}
      </QueryView>
      <Dialog
        open={moving !== null}
        onClose={() => setMoving(null)}
        title="Pick a new time"
        description={
          moving
            ? `${moving.contact.name ?? moving.contact.phone ?? "Contact"} — now ${inZone(moving.startsAt, moving.timeZone)}`
            : undefined
        }
      >
        {slots.isPending ? (
          <Spinner label="Loading free slots…" />
        ) : slots.isError ? (
          <Alert>{errorMessage(slots.error)}</Alert>
        ) : slots.data.data.length === 0 ? (
          <p className="text-sm text-slate-500">No free slots in the working hours.</p>
        ) : (
          <ul className="grid max-h-80 gap-2 overflow-y-auto sm:grid-cols-2">
            {slots.data.data.map((s) => (
              <li key={s.id}>
                <Button
                  variant="secondary"
                  className="w-full"
                  loading={reschedule.isPending && reschedule.variables?.slotId === s.id}
                  onClick={() => moving && reschedule.mutate({ id: moving.id, slotId: s.id })}
                >
                  {moving ? inZone(s.startsAt, moving.timeZone) : s.label}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Dialog>
    </>
  );
}
