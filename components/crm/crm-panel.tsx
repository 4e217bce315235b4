"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Link2, Plus, RefreshCw } from "lucide-react";
import { useState, type FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import type { TCrmPanel } from "@/lib/crm/crm-panel.schema";

export interface CrmPanelProps {
  contactId: string;
}

const FIELD_LABELS: [keyof NonNullable<Extract<TCrmPanel, { linked: true }>["fields"]>, string][] = [
  ["organization", "Organization"],
  ["status", "Status"],
  ["lead_owner", "Owner"],
  ["email", "Email"],
  ["mobile_no", "Mobile"],
  ["phone", "Phone"],
  ["source", "Source"],
];

/**
 * The inbox contact panel's CRM section: the linked Frappe lead/deal (key fields, status, recent
 * activities, open in Frappe CRM), or — when nothing is linked — "Create lead" and "Link to
 * existing". Frappe being down shows Frappe's message here and nothing else breaks.
 */
export function CrmPanel({ contactId }: CrmPanelProps) {
  const qc = useQueryClient();
  const key = ["crm-panel", contactId];
  const panel = useQuery({ queryKey: key, queryFn: () => apiFetch<TCrmPanel>(`/api/v1/contacts/${encodeURIComponent(contactId)}/crm`) });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: () => apiFetch(`/api/v1/contacts/${encodeURIComponent(contactId)}/crm/create`, { method: "POST", body: {} }),
    onSuccess: refresh,
  });
  const [linkName, setLinkName] = useState("");
  const [doctype, setDoctype] = useState<"CRM Lead" | "CRM Deal">("CRM Lead");
  const link = useMutation({
    mutationFn: () => apiFetch(`/api/v1/contacts/${encodeURIComponent(contactId)}/crm/link`, { method: "POST", body: { doctype, name: linkName.trim() } }),
    onSuccess: () => {
      setLinkName("");
      void refresh();
    },
  });

  return (
    <section aria-labelledby="crm-panel-title" data-testid="crm-panel" className="flex flex-col gap-3 text-sm">
      <div className="flex items-center justify-between">
        <h3 id="crm-panel-title" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Frappe CRM
        </h3>
        <Button variant="ghost" size="icon" aria-label="Refresh CRM panel" onClick={() => void refresh()}>
          <RefreshCw aria-hidden className="size-4" />
        </Button>
      </div>

      {panel.isLoading ? (
        <div className="flex items-center gap-2 text-slate-500">
          <Spinner /> Loading CRM record…
        </div>
      ) : panel.isError ? (
        <p role="alert" className="text-red-700">
          {errorMessage(panel.error)}
        </p>
      ) : panel.data && !panel.data.linked ? (
        <div className="flex flex-col gap-3">
          <p className="text-slate-600">No CRM lead is linked to this contact{panel.data.phone ? ` (${panel.data.phone})` : ""}.</p>
          <Button size="sm" onClick={() => create.mutate()} loading={create.isPending}>
            <Plus aria-hidden className="size-4" /> Create lead
          </Button>
          <form
            className="flex flex-col gap-2"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (linkName.trim()) link.mutate();
            }}
          >
            <label className="text-xs text-slate-500" htmlFor={`crm-link-${contactId}`}>
              Or link an existing record
            </label>
            <div className="flex gap-2">
              <select aria-label="Record type" value={doctype} onChange={(e) => setDoctype(e.target.value as "CRM Lead" | "CRM Deal")} className="rounded-md border border-slate-300 px-2 text-sm">
                <option value="CRM Lead">Lead</option>
                <option value="CRM Deal">Deal</option>
              </select>
              <Input id={`crm-link-${contactId}`} value={linkName} onChange={(e) => setLinkName(e.target.value)} placeholder="CRM-LEAD-2026-00001" />
            </div>
            <Button type="submit" size="sm" variant="secondary" loading={link.isPending} disabled={!linkName.trim()}>
              <Link2 aria-hidden className="size-4" /> Link
            </Button>
          </form>
          {create.isError || link.isError ? (
            <p role="alert" className="text-red-700">
              {errorMessage(create.error ?? link.error)}
            </p>
          ) : null}
        </div>
      ) : panel.data && panel.data.linked ? (
        <div className="flex flex-col gap-3">
          <div>
            <p className="font-medium text-slate-900">{panel.data.fields?.lead_name ?? panel.data.name}</p>
            <p className="text-xs text-slate-500">
              {panel.data.doctype} · {panel.data.name}
            </p>
          </div>
          <a href={panel.data.url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-brand-700 hover:underline">
            Open in Frappe CRM <ExternalLink aria-hidden className="size-3.5" />
          </a>
          {panel.data.error ? (
            <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
              Frappe CRM could not be reached: {panel.data.error}
            </p>
          ) : null}
          {panel.data.fields ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              {FIELD_LABELS.filter(([k]) => panel.data.linked && panel.data.fields?.[k]).map(([k, label]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500">{label}</dt>
                  <dd className="truncate text-slate-900" data-field={k}>
                    {panel.data.linked ? panel.data.fields?.[k] : null}
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
          {panel.data.activities.length > 0 ? (
            <div>
              <h4 className="mb-1 text-xs font-semibold text-slate-500">Recent activity</h4>
              <ul className="flex flex-col gap-1.5">
                {panel.data.activities.map((a, i) => (
                  <li key={`${a.type}-${a.at ?? ""}-${i}`} className="text-xs">
                    <span className="text-slate-900">{a.title}</span>
                    {a.detail ? <span className="text-slate-600"> — {a.detail}</span> : null}
                    <span className="block text-slate-400">
                      {a.at ?? ""}
                      {a.by ? ` · ${a.by}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : panel.data.error ? null : (
            <p className="text-xs text-slate-500">No activity in the CRM yet.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
