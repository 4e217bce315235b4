"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { PhoneIncoming, PhoneOutgoing, Phone } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { apiFetch } from "@/components/shell/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { callerName } from "@/lib/softphone-client/call-types";
import { callsApi } from "@/lib/softphone-client/calls-api";
import { formatDuration, statusLabel, statusTone } from "@/lib/softphone-client/format";
import { useRealtimeEvents } from "@/lib/realtime-client/use-realtime";
import { CALL_STATUSES } from "@/lib/calls/call-state";

/** The calls page: history, newest first, with filters; rows link to the detail view. */
export interface CallsHistoryProps {
  /** Supervisors and admins may filter by agent (they can list users). */
  canFilterAgent: boolean;
}

interface Filters {
  direction: string;
  status: string;
  agentId: string;
  phone: string;
}

const EMPTY: Filters = { direction: "", status: "", agentId: "", phone: "" };

export function CallsHistory({ canFilterAgent }: CallsHistoryProps) {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [phoneDraft, setPhoneDraft] = useState("");
  const phone = filters.phone.replace(/\s+/g, "");
  const query = useInfiniteQuery({
    queryKey: ["calls", filters],
    queryFn: ({ pageParam }) =>
      callsApi.list({
        direction: filters.direction || undefined,
        status: filters.status || undefined,
        agentId: filters.agentId || undefined,
        phone: phone.length >= 3 ? phone : undefined,
        cursor: pageParam ?? undefined,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const agents = useQuery({
    queryKey: ["users"],
    enabled: canFilterAgent,
    queryFn: () => apiFetch<{ data: { id: string; name: string; role: string }[] }>("/api/v1/users"),
  });

  // New and changed calls show up without a reload.
  useRealtimeEvents((e) => {
    if (e.type === "call.ended" || e.type === "call.ringing" || e.type === "call.updated") void query.refetch();
  });

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = filters !== EMPTY && Object.values(filters).some(Boolean);

  return (
    <Card>
      <form
        role="search"
        aria-label="Filter calls"
        className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          set({ phone: phoneDraft.trim() });
        }}
      >
        <div className="w-36">
          <Label htmlFor="f-direction">Direction</Label>
          <Select id="f-direction" value={filters.direction} onChange={(e) => set({ direction: e.target.value })}>
            <option value="">All</option>
            <option value="inbound">Incoming</option>
            <option value="outbound">Outgoing</option>
          </Select>
        </div>
        <div className="w-40">
          <Label htmlFor="f-status">Status</Label>
          <Select id="f-status" value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">All</option>
            {CALL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </div>
        {canFilterAgent ? (
          <div className="w-44">
            <Label htmlFor="f-agent">Agent</Label>
            <Select id="f-agent" value={filters.agentId} onChange={(e) => set({ agentId: e.target.value })}>
              <option value="">All</option>
              {(agents.data?.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        <div className="w-48">
          <Label htmlFor="f-phone">Contact phone</Label>
          <Input id="f-phone" inputMode="tel" placeholder="+91 98…" value={phoneDraft} onChange={(e) => setPhoneDraft(e.target.value)} onBlur={() => set({ phone: phoneDraft.trim() })} />
        </div>
        <Button type="submit" variant="secondary" size="sm">
          Apply
        </Button>
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setFilters(EMPTY);
              setPhoneDraft("");
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </form>

      <QueryView
        query={query}
        loadingLabel="Loading calls"
        isEmpty={() => rows.length === 0}
        empty={{
          icon: Phone,
          title: filtered ? "No calls match these filters" : "No calls yet",
          description: filtered ? "Try another status, direction or phone number." : "WhatsApp voice calls you take or place will be listed here.",
        }}
        inset
      >
        {() => (
          <>
            <Table aria-label="Calls">
              <THead>
                <TR>
                  <TH>Contact</TH>
                  <TH>Direction</TH>
                  <TH>Status</TH>
                  <TH>Agent</TH>
                  <TH>Started</TH>
                  <TH className="text-right">Duration</TH>
                </TR>
              </THead>
              <TBody>
                {rows.map((c) => (
                  <TR key={c.id} data-testid="call-row" data-call-id={c.id}>
                    <TD>
                      <Link href={`/calls/${encodeURIComponent(c.id)}`} className="font-medium text-brand-700 hover:underline">
                        {callerName(c)}
                      </Link>
                      {c.contactName && c.contactPhone ? <div className="text-xs text-slate-500">{c.contactPhone}</div> : null}
                    </TD>
                    <TD>
                      <span className="inline-flex items-center gap-1.5 text-sm">
                        {c.direction === "inbound" ? <PhoneIncoming aria-hidden className="size-4 text-slate-500" /> : <PhoneOutgoing aria-hidden className="size-4 text-slate-500" />}
                        {c.direction === "inbound" ? "Incoming" : "Outgoing"}
                      </span>
                    </TD>
                    <TD>
                      <Badge tone={statusTone(c.status)}>{statusLabel(c.status)}</Badge>
                      {c.error ? <div className="mt-0.5 text-xs text-red-700">{c.error.code ?? ""} {c.error.message}</div> : null}
                    </TD>
                    <TD className="text-sm">{c.agentId ? (agents.data?.data.find((u) => u.id === c.agentId)?.name ?? "Agent") : "—"}</TD>
                    <TD className="text-sm whitespace-nowrap">
                      <time dateTime={c.startedAt}>{new Date(c.startedAt).toLocaleString()}</time>
                    </TD>
                    <TD className="text-right font-mono text-sm tabular-nums">{formatDuration(c.durationSec)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            {query.hasNextPage ? (
              <div className="flex justify-center p-4">
                <Button variant="secondary" size="sm" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </QueryView>
    </Card>
  );
}
