"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Copy, KeyRound, Plus } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formatDate, SCOPE_OPTIONS, type ApiKeyDto, type ApiKeyScopeName } from "./types";

const KEYS_KEY = ["admin", "api-keys"] as const;

/** API keys: list, create (the full key is shown once), revoke with confirmation. */
export function ApiKeysAdmin() {
  const qc = useQueryClient();
  const keys = useQuery({
    queryKey: KEYS_KEY,
    queryFn: () => apiFetch<{ data: ApiKeyDto[] }>("/api/v1/api-keys"),
  });
  const [creating, setCreating] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState<ApiKeyDto | null>(null);

  const revoke = useMutation({
    mutationFn: (id: string) =>
      apiFetch<ApiKeyDto>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (key) => {
      qc.setQueryData<{ data: ApiKeyDto[] }>(KEYS_KEY, (old) =>
        old ? { data: old.data.map((k) => (k.id === key.id ? key : k)) } : old,
      );
      toast.success(`Key "${key.name}" revoked. Requests using it are now refused.`);
      setConfirmRevoke(null);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  return (
    <>
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 className="text-base font-semibold">Keys</h2>
            <p className="text-sm text-slate-500">
              Only the first characters of each key are stored in readable form.
            </p>
          </div>
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden className="size-4" />
            Create API key
          </Button>
        </div>
        <QueryView
          query={keys}
          loadingLabel="Loading API keys…"
          isEmpty={({ data }) => data.length === 0}
          empty={{
            icon: KeyRound,
            title: "No API keys yet",
            description:
              "Create a key to let a script or another system use the API on behalf of this workspace.",
          }}
          inset
        >
          {({ data: list }) => (
            <Table aria-label="API keys">
              <THead>
                <tr>
                  <TH>Name</TH>
                  <TH>Key</TH>
                  <TH>Scopes</TH>
                  <TH>Created</TH>
                  <TH>Last used</TH>
                  <TH>Status</TH>
                  <TH className="text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {list.map((k) => (
                  <TR key={k.id} data-testid={`api-key-row-${k.name}`}>
                    <TD className="font-medium text-slate-900">{k.name}</TD>
                    <TD>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                        {k.prefix}…
                      </code>
                    </TD>
                    <TD>
                      <div className="flex flex-wrap gap-1">
                        {k.scopes.map((s) => (
                          <Badge key={s} tone={s === "admin" ? "violet" : s === "write" ? "blue" : "neutral"}>
                            {s}
                          </Badge>
                        ))}
                      </div>
                    </TD>
                    <TD className="whitespace-nowrap text-slate-500">{formatDate(k.createdAt)}</TD>
                    <TD className="whitespace-nowrap text-slate-500">
                      {k.lastUsedAt ? formatDate(k.lastUsedAt) : "Never"}
                    </TD>
                    <TD>
                      {k.revokedAt ? (
                        <Badge tone="red" title={`Revoked ${formatDate(k.revokedAt)}`}>
                          Revoked
                        </Badge>
                      ) : (
                        <Badge tone="green">Active</Badge>
                      )}
                    </TD>
                    <TD className="text-right">
                      {k.revokedAt ? null : (
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-red-600 hover:bg-red-50"
                          onClick={() => setConfirmRevoke(k)}
                        >
                          Revoke
                        </Button>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>

      <CreateKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          qc.setQueryData<{ data: ApiKeyDto[] }>(KEYS_KEY, (old) =>
            old ? { data: [key, ...old.data] } : old,
          );
          void qc.invalidateQueries({ queryKey: KEYS_KEY });
        }}
      />

      <ConfirmDialog
        open={confirmRevoke !== null}
        onClose={() => setConfirmRevoke(null)}
        title={`Revoke "${confirmRevoke?.name ?? "key"}"?`}
        description="Scripts and integrations using this key stop working at once. This cannot be undone."
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        onConfirm={() => confirmRevoke && revoke.mutate(confirmRevoke.id)}
      />
    </>
  );
}

function CreateKeyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (k: ApiKeyDto) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [scopes, setScopes] = useState<ApiKeyScopeName[]>(["read"]);
  // The full key lives only in this component's state and is dropped when the dialog closes.
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const keyInput = useRef<HTMLInputElement>(null);

  const create = useMutation({
    mutationFn: (body: { name: string; scopes: ApiKeyScopeName[] }) =>
      apiFetch<{ apiKey: ApiKeyDto; key: string }>("/api/v1/api-keys", { method: "POST", body }),
    onSuccess: ({ apiKey, key }) => {
      setError(null);
      setSecret(key);
      onCreated(apiKey);
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const close = () => {
    setError(null);
    setSecret(null);
    setCopied(false);
    setScopes(["read"]);
    create.reset();
    onClose();
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (scopes.length === 0) {
      setError("Choose at least one scope.");
      return;
    }
    const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
    create.mutate({ name, scopes });
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // The Clipboard API needs a secure context and permission; fall back to selecting the text.
      keyInput.current?.select();
      document.execCommand("copy");
    }
    setCopied(true);
    toast.success("Key copied to the clipboard.");
  };

  if (secret) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Copy your new API key"
        footer={<Button onClick={close}>Done</Button>}
      >
        <div className="flex flex-col gap-4">
          <Alert tone="warning">
            This is the only time the full key is shown. Store it somewhere safe now; if you lose it, revoke
            it and create a new one.
          </Alert>
          <div>
            <Label htmlFor="new-api-key">API key</Label>
            <div className="flex gap-2">
              <Input
                ref={keyInput}
                id="new-api-key"
                readOnly
                value={secret}
                onFocus={(e) => e.currentTarget.select()}
                className="font-mono text-xs"
                data-testid="new-api-key"
              />
              <Button variant="secondary" onClick={copy} aria-label="Copy key">
                {copied ? (
                  <Check aria-hidden className="size-4 text-brand-600" />
                ) : (
                  <Copy aria-hidden className="size-4" />
                )}
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Create API key"
      description="Give the key a name you will recognise, and only the scopes it needs."
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        {error ? <Alert>{error}</Alert> : null}
        <div>
          <Label htmlFor="new-key-name">Name</Label>
          <Input
            id="new-key-name"
            name="name"
            required
            maxLength={100}
            placeholder="e.g. Reporting script"
            autoComplete="off"
            autoFocus
          />
        </div>
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-slate-700">Scopes</legend>
          <div className="flex flex-col gap-2">
            {SCOPE_OPTIONS.map((s) => (
              <label key={s.value} className="flex items-center gap-2.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="scopes"
                  value={s.value}
                  checked={scopes.includes(s.value)}
                  onChange={(e) =>
                    setScopes((cur) =>
                      e.target.checked ? [...cur, s.value] : cur.filter((x) => x !== s.value),
                    )
                  }
                  className="size-4 rounded border-slate-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
                />
                <span className="font-mono text-xs font-semibold">{s.label}</span>
                <span className="text-slate-500">— {s.hint}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
