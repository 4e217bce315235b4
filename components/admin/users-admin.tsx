"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { useState, type FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { PRESENCE_DOT, PRESENCE_LABEL } from "@/components/shell/presence";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formatDate, ROLE_OPTIONS, type RoleName, type UserDto } from "./types";

const USERS_KEY = ["admin", "users"] as const;

/** Users of the workspace: list, create, change role, disable / enable. */
export function UsersAdmin({ currentUserId }: { currentUserId: string | null }) {
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: USERS_KEY,
    queryFn: () => apiFetch<{ data: UserDto[] }>("/api/v1/users"),
  });
  const [creating, setCreating] = useState(false);
  const [confirmDisable, setConfirmDisable] = useState<UserDto | null>(null);

  const update = useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: { role?: RoleName; disabled?: boolean; frappeUser?: string | null };
    }) =>
      apiFetch<UserDto>(`/api/v1/users/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
    onSuccess: (user, { patch }) => {
      qc.setQueryData<{ data: UserDto[] }>(USERS_KEY, (old) =>
        old ? { data: old.data.map((u) => (u.id === user.id ? user : u)) } : old,
      );
      if (patch.role) toast.success(`${user.name} is now ${patch.role}.`);
      if (patch.frappeUser !== undefined)
        toast.success(
          patch.frappeUser ? `${user.name} acts as ${patch.frappeUser} in Frappe CRM.` : `${user.name} has no Frappe user now.`,
        );
      if (patch.disabled !== undefined)
        toast.success(`${user.name} is ${patch.disabled ? "disabled" : "enabled"}.`);
      setConfirmDisable(null);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  const list = users.data?.data ?? [];

  return (
    <>
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 className="text-base font-semibold">Team</h2>
            <p className="text-sm text-slate-500">
              {users.isSuccess ? `${list.length} ${list.length === 1 ? "user" : "users"}` : " "}
            </p>
          </div>
          <Button onClick={() => setCreating(true)}>
            <UserPlus aria-hidden className="size-4" />
            Add user
          </Button>
        </div>
        <QueryView
          query={users}
          loadingLabel="Loading users…"
          isEmpty={({ data }) => data.length === 0}
          empty={{
            icon: Users,
            title: "No users yet",
            description: "Add the people who answer your WhatsApp chats and calls.",
          }}
          inset
        >
          {({ data: rows }) => (
            <Table aria-label="Users">
              <THead>
                <tr>
                  <TH>Name</TH>
                  <TH>Role</TH>
                  <TH>Presence</TH>
                  <TH>Frappe user</TH>
                  <TH>Status</TH>
                  <TH>Last sign-in</TH>
                  <TH className="text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {rows.map((u) => {
                  const self = u.id === currentUserId;
                  const busy = update.isPending && update.variables?.id === u.id;
                  return (
                    <TR key={u.id} data-testid={`user-row-${u.email}`}>
                      <TD>
                        <div className="font-medium text-slate-900">
                          {u.name}
                          {self ? (
                            <span className="ml-1.5 text-xs font-normal text-slate-400">(you)</span>
                          ) : null}
                        </div>
                        <div className="text-xs text-slate-500">{u.email}</div>
                      </TD>
                      <TD>
                        <Select
                          aria-label={`Role of ${u.name}`}
                          value={u.role}
                          disabled={self || busy}
                          title={self ? "You cannot change your own role" : undefined}
                          onChange={(e) =>
                            update.mutate({ id: u.id, patch: { role: e.target.value as RoleName } })
                          }
                          className="h-8 w-36"
                        >
                          {ROLE_OPTIONS.map((r) => (
                            <option key={r.value} value={r.value}>
                              {r.label}
                            </option>
                          ))}
                        </Select>
                      </TD>
                      <TD>
                        <span className="inline-flex items-center gap-1.5 text-sm">
                          <span
                            aria-hidden
                            className={cn("size-2 rounded-full", PRESENCE_DOT[u.presence] ?? "bg-slate-300")}
                          />
                          {PRESENCE_LABEL[u.presence] ?? u.presence}
                        </span>
                      </TD>
                      <TD>
                        <FrappeUserField
                          key={u.frappeUser ?? ""}
                          user={u}
                          disabled={busy}
                          onSave={(frappeUser) => update.mutate({ id: u.id, patch: { frappeUser } })}
                        />
                      </TD>
                      <TD>
                        {u.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
                      </TD>
                      <TD className="whitespace-nowrap text-slate-500">{formatDate(u.lastLoginAt)}</TD>
                      <TD className="text-right">
                        {u.disabled ? (
                          <Button
                            variant="secondary"
                            size="sm"
                            loading={busy}
                            onClick={() => update.mutate({ id: u.id, patch: { disabled: false } })}
                          >
                            Enable
                          </Button>
                        ) : (
                          <Button
                            variant="ghost"
                            size="sm"
                            disabled={self}
                            className="text-red-600 hover:bg-red-50"
                            onClick={() => setConfirmDisable(u)}
                          >
                            Disable
                          </Button>
                        )}
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>

      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          qc.setQueryData<{ data: UserDto[] }>(USERS_KEY, (old) =>
            old ? { data: [...old.data, user] } : old,
          );
          void qc.invalidateQueries({ queryKey: USERS_KEY });
          toast.success(`${user.name} can now sign in as ${user.role}.`);
          setCreating(false);
        }}
      />

      <ConfirmDialog
        open={confirmDisable !== null}
        onClose={() => setConfirmDisable(null)}
        title={`Disable ${confirmDisable?.name ?? "user"}?`}
        description="They are signed out at once and can no longer sign in. You can enable the account again later."
        confirmLabel="Disable user"
        busy={update.isPending}
        onConfirm={() =>
          confirmDisable && update.mutate({ id: confirmDisable.id, patch: { disabled: true } })
        }
      />
    </>
  );
}

function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (u: UserDto) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { email: string; name: string; role: RoleName; password: string }) =>
      apiFetch<UserDto>("/api/v1/users", { method: "POST", body }),
    onSuccess: (u) => {
      setError(null);
      onCreated(u);
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      email: String(f.get("email") ?? "").trim(),
      name: String(f.get("name") ?? "").trim(),
      role: String(f.get("role") ?? "agent") as RoleName,
      password: String(f.get("password") ?? ""),
    });
  };

  const close = () => {
    setError(null);
    create.reset();
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add user"
      description="They sign in with this email and the initial password you set."
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate={false}>
        {error ? <Alert>{error}</Alert> : null}
        <div>
          <Label htmlFor="new-user-name">Name</Label>
          <Input id="new-user-name" name="name" required maxLength={120} autoComplete="off" autoFocus />
        </div>
        <div>
          <Label htmlFor="new-user-email">Email</Label>
          <Input id="new-user-email" name="email" type="email" required autoComplete="off" />
        </div>
        <div>
          <Label htmlFor="new-user-role">Role</Label>
          <Select id="new-user-role" name="role" defaultValue="agent">
            {ROLE_OPTIONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="new-user-password">Initial password</Label>
          <Input
            id="new-user-password"
            name="password"
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            aria-describedby="new-user-password-hint"
          />
          <p id="new-user-password-hint" className="mt-1 text-xs text-slate-500">
            At least 8 characters. Share it with them privately.
          </p>
        </div>
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The Frappe CRM user this person acts as (lead owner, call log caller/receiver). Filled in by
 * "Sign in with Frappe CRM" too; an admin sets it here for people who sign in with a password.
 */
function FrappeUserField({
  user,
  disabled,
  onSave,
}: {
  user: UserDto;
  disabled: boolean;
  onSave: (frappeUser: string | null) => void;
}) {
  const [value, setValue] = useState(user.frappeUser ?? "");
  const save = () => {
    const next = value.trim() || null;
    if (next !== (user.frappeUser ?? null)) onSave(next);
  };
  return (
    <Input
      aria-label={`Frappe user of ${user.name}`}
      placeholder="same as email"
      value={value}
      disabled={disabled}
      onChange={(e) => setValue(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === "Enter") save();
      }}
      className="h-8 w-48"
    />
  );
}
