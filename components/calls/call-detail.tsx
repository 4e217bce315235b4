"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LoadError, LoadingRows } from "@/components/ui/query-view";
import { ClickToCall } from "./click-to-call";
import { callerName, type CallEventDto } from "@/lib/softphone-client/call-types";
import { callsApi } from "@/lib/softphone-client/calls-api";
import { formatDuration, statusLabel, statusTone } from "@/lib/softphone-client/format";
import { refusalView } from "@/lib/softphone-client/refusal-text";
import { useRealtimeEvents } from "@/lib/realtime-client/use-realtime";

/** One call: summary, Meta's error if any, legs, and the event timeline (DTMF digits, holds, transfers…). */
export function CallDetail({ id }: { id: string }) {
  const q = useQuery({ queryKey: ["call", id], queryFn: () => callsApi.get(id) });
  useRealtimeEvents((e) => {
    const data = e.data as { call?: { id: string }; callId?: string };
    if (e.type.startsWith("call.") && (data.call?.id === id || data.callId === id)) void q.refetch();
  });

  if (q.isPending) return <LoadingRows label="Loading call" />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} inset />;
  const c = q.data;
  const refusal = refusalView(c.error);
  const events = [...c.events].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  return (
    <div className="space-y-4" data-testid="call-detail" data-status={c.status}>
      <Link href="/calls" className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
        <ArrowLeft aria-hidden className="size-4" /> All calls
      </Link>
      <Card>
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center gap-2">
            {callerName(c)} <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <div className="mb-4">
            <ClickToCall contactId={c.contactId} />
          </div>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <Field label="Direction">{c.direction === "inbound" ? "Incoming" : "Outgoing"}</Field>
            <Field label="Phone">{c.contactPhone ?? "—"}</Field>
            <Field label="Started">{new Date(c.startedAt).toLocaleString()}</Field>
            <Field label="Duration">{formatDuration(c.durationSec)}</Field>
            <Field label="Answered">{c.answeredAt ? new Date(c.answeredAt).toLocaleTimeString() : "—"}</Field>
            <Field label="Ended">{c.endedAt ? new Date(c.endedAt).toLocaleTimeString() : "—"}</Field>
            <Field label="End reason">{c.endReason ? c.endReason.replace(/_/g, " ") : "—"}</Field>
            <Field label="Conversation">
              {c.conversationId ? (
                <Link className="text-brand-700 hover:underline" href={`/inbox/${encodeURIComponent(c.conversationId)}`}>
                  Open
                </Link>
              ) : (
                "—"
              )}
            </Field>
          </dl>
          {refusal ? (
            <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="call-error">
              <span className="font-mono">{refusal.code}</span> — {refusal.text}
            </p>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Timeline</CardTitle>
        </CardHeader>
        <CardContent>
          {events.length === 0 ? (
            <p className="text-sm text-slate-500">No events recorded.</p>
          ) : (
            <ol className="relative space-y-3 border-l border-slate-200 pl-4" aria-label="Call timeline">
              {events.map((e) => (
                <li key={e.id} data-testid="call-event" data-type={e.type}>
                  <span aria-hidden className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-brand-500" />
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <span className="text-sm font-medium text-slate-900">{eventLabel(e)}</span>
                    <time className="text-xs text-slate-500" dateTime={e.createdAt}>
                      {new Date(e.createdAt).toLocaleTimeString()}
                    </time>
                  </div>
                  {eventDetail(e) ? <p className="text-xs text-slate-600">{eventDetail(e)}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>

      {c.legs.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Legs</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="space-y-1 text-sm">
              {c.legs.map((l) => (
                <li key={l.id}>
                  <span className="font-medium">{l.kind}</span> · joined {new Date(l.joinedAt).toLocaleTimeString()}
                  {l.leftAt ? ` · left ${new Date(l.leftAt).toLocaleTimeString()}` : " · connected"}
                  {l.endReason ? ` · ${l.endReason.replace(/_/g, " ")}` : ""}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

function eventLabel(e: CallEventDto): string {
  const t = e.type.replace(/[._]/g, " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The interesting part of an event's data: DTMF digits, transfer target, Meta code, reason. */
function eventDetail(e: CallEventDto): string | null {
  const d = e.data ?? {};
  const parts: string[] = [];
  if (typeof d.digits === "string") parts.push(`Digits: ${d.digits}`);
  if (typeof d.digit === "string") parts.push(`Digit: ${d.digit}`);
  if (typeof d.reason === "string") parts.push(`Reason: ${d.reason.replace(/_/g, " ")}`);
  if (typeof d.mode === "string") parts.push(`Mode: ${d.mode}`);
  if (d.errorCode !== undefined && d.errorCode !== null) parts.push(`Meta code ${String(d.errorCode)}`);
  if (typeof d.status === "string") parts.push(`Status: ${d.status}`);
  return parts.length ? parts.join(" · ") : null;
}
