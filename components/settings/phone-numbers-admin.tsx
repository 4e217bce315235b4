"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Phone, Plus, XCircle } from "lucide-react";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { TPhoneNumber, TPhoneNumberConnection } from "@/lib/phone-numbers/phone-number.schema";
import { PhoneNumberDialog } from "./phone-number-dialog";

export const PHONE_NUMBERS_KEY = ["settings", "phone-numbers"] as const;

/** WhatsApp numbers: list, add, edit, remove, and "Test connection" with Meta's own answer. */
export function PhoneNumbersAdmin() {
  const qc = useQueryClient();
  const numbers = useQuery({
    queryKey: PHONE_NUMBERS_KEY,
    queryFn: () => apiFetch<{ data: TPhoneNumber[] }>("/api/v1/phone-numbers"),
  });
  const [editing, setEditing] = useState<TPhoneNumber | "new" | null>(null);
  const [removing, setRemoving] = useState<TPhoneNumber | null>(null);
  const [tests, setTests] = useState<Record<string, TPhoneNumberConnection | "pending">>({});

  const remove = useMutation({
    mutationFn: (id: string) => apiFetch<TPhoneNumber>(`/api/v1/phone-numbers/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (n) => {
      qc.setQueryData<{ data: TPhoneNumber[] }>(PHONE_NUMBERS_KEY, (old) => (old ? { data: old.data.filter((x) => x.id !== n.id) } : old));
      toast.success(`${n.displayPhone} removed. Its conversations are kept.`);
      setRemoving(null);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  const test = async (n: TPhoneNumber) => {
    setTests((t) => ({ ...t, [n.id]: "pending" }));
    try {
      const r = await apiFetch<TPhoneNumberConnection>(`/api/v1/phone-numbers/${encodeURIComponent(n.id)}/test`, { method: "POST" });
      setTests((t) => ({ ...t, [n.id]: r }));
    } catch (err) {
      setTests((t) => ({ ...t, [n.id]: { ok: false, verifiedName: null, displayPhone: null, qualityRating: null, error: { code: -1, cause: "unknown", message: errorMessage(err) } } }));
    }
  };

  return (
    <>
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 className="text-base font-semibold">Numbers</h2>
            <p className="text-sm text-slate-500">A number without its own token uses the server&apos;s WHATSAPP_ACCESS_TOKEN.</p>
          </div>
          <Button onClick={() => setEditing("new")}>
            <Plus aria-hidden className="size-4" />
            Add number
          </Button>
        </div>
        <QueryView
          query={numbers}
          loadingLabel="Loading WhatsApp numbers…"
          isEmpty={({ data }) => data.length === 0}
          empty={{ icon: Phone, title: "No WhatsApp numbers yet", description: "Add the phone_number_id and access token from Meta's WhatsApp Manager to start receiving messages on a number." }}
          inset
        >
          {({ data: list }) => (
            <Table aria-label="WhatsApp numbers">
              <THead>
                <tr>
                  <TH>Number</TH>
                  <TH>Phone number id</TH>
                  <TH>Access token</TH>
                  <TH>Features</TH>
                  <TH className="text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {list.map((n) => {
                  const t = tests[n.id];
                  return (
                    <TR key={n.id} data-testid={`phone-number-row-${n.phoneNumberId}`}>
                      <TD>
                        <div className="font-medium text-slate-900">{n.displayPhone}</div>
                        {n.verifiedName ? <div className="text-xs text-slate-500">{n.verifiedName}</div> : null}
                        {t && t !== "pending" ? <TestResult result={t} /> : null}
                      </TD>
                      <TD>
                        <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{n.phoneNumberId}</code>
                        {n.wabaId ? <div className="mt-1 text-xs text-slate-500">WABA {n.wabaId}</div> : null}
                      </TD>
                      <TD>
                        {n.tokenSet ? (
                          <Badge tone="green" title="Stored encrypted">
                            Set ••••{n.tokenLast4}
                          </Badge>
                        ) : (
                          <Badge tone="neutral">Server default</Badge>
                        )}
                      </TD>
                      <TD>
                        <div className="flex flex-wrap gap-1">
                          <Badge tone={n.callingEnabled ? "blue" : "neutral"}>{n.callingEnabled ? "Calls on" : "Calls off"}</Badge>
                          <Badge tone={n.botEnabled ? "violet" : "neutral"}>{n.botEnabled ? "Bot on" : "Bot off"}</Badge>
                        </div>
                      </TD>
                      <TD className="text-right whitespace-nowrap">
                        <Button variant="secondary" size="sm" loading={t === "pending"} onClick={() => void test(n)}>
                          Test connection
                        </Button>
                        <Button variant="ghost" size="sm" onClick={() => setEditing(n)}>
                          Edit
                        </Button>
                        <Button variant="ghost" size="sm" className="text-red-600 hover:bg-red-50" onClick={() => setRemoving(n)}>
                          Remove
                        </Button>
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>

      <PhoneNumberDialog
        number={editing === "new" ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(n) => {
          qc.setQueryData<{ data: TPhoneNumber[] }>(PHONE_NUMBERS_KEY, (old) =>
            old ? { data: old.data.some((x) => x.id === n.id) ? old.data.map((x) => (x.id === n.id ? n : x)) : [...old.data, n] } : old,
          );
          setTests((t) => {
            const { [n.id]: _dropped, ...rest } = t;
            return rest;
          });
          setEditing(null);
        }}
      />

      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.displayPhone ?? "number"}?`}
        description="Messages to this number will no longer reach the inbox. Existing conversations and their history are kept."
        confirmLabel="Remove number"
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
      />
    </>
  );
}

function TestResult({ result }: { result: TPhoneNumberConnection }) {
  if (result.ok) {
    return (
      <p role="status" className="mt-1 flex items-center gap-1 text-xs text-emerald-700">
        <CheckCircle2 aria-hidden className="size-3.5" />
        Connected{result.verifiedName ? ` as ${result.verifiedName}` : ""}
        {result.qualityRating ? ` · quality ${result.qualityRating}` : ""}
      </p>
    );
  }
  return (
    <p role="alert" className="mt-1 flex items-start gap-1 text-xs text-red-700" data-testid="phone-number-test-error">
      <XCircle aria-hidden className="mt-px size-3.5 shrink-0" />
      <span>
        {result.error?.code && result.error.code > 0 ? `Meta error ${result.error.code}: ` : ""}
        {result.error?.message ?? "Connection failed"}
      </span>
    </p>
  );
}
