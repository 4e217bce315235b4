"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronsUpDown, LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Menu, MenuGroup, MenuItem, MenuItemRadio, MenuSeparator } from "@/components/ui/menu";
import { toast } from "@/components/ui/toaster";
import { apiFetch, errorMessage } from "./api-fetch";
import { isPresence, PRESENCE_DOT, PRESENCE_LABEL, PRESENCES, type Presence } from "./presence";

export interface ShellUser {
  name: string;
  email: string;
  role: string;
}

interface MeDto {
  id: string | null;
  name: string;
  role: string;
  email: string | null;
  presence?: Presence;
}

const ROLE_LABEL: Record<string, string> = { admin: "Admin", supervisor: "Supervisor", agent: "Agent" };

/** Name, role, presence selector (PATCH /api/v1/me) and sign out. */
export function UserMenu({ user, compact = false }: { user: ShellUser; compact?: boolean }) {
  const qc = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const me = useQuery({ queryKey: ["me"], queryFn: () => apiFetch<MeDto>("/api/v1/me") });
  const presence: Presence | null = isPresence(me.data?.presence) ? me.data.presence : null;

  const setPresence = useMutation({
    mutationFn: (next: Presence) =>
      apiFetch<MeDto>("/api/v1/me", { method: "PATCH", body: { presence: next } }),
    onSuccess: (data) => {
      qc.setQueryData(["me"], data);
      if (isPresence(data.presence))
        toast.success(`You are now ${PRESENCE_LABEL[data.presence].toLowerCase()}.`);
    },
    onError: (err) => toast.error(`Could not change your status: ${errorMessage(err)}`),
  });

  const onSignOut = async () => {
    setSigningOut(true);
    // Best effort: going offline first stops routing offering this agent new work. Sign-out must
    // not depend on it, so a failure here is ignored on purpose.
    await apiFetch("/api/v1/me", { method: "PATCH", body: { presence: "offline" } }).catch(() => undefined);
    await signOut({ callbackUrl: "/signin" });
  };

  const initials = user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join("");
  const shown = setPresence.isPending ? setPresence.variables : presence;

  const avatar = (
    <span className="relative inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-800 text-sm font-semibold text-white">
      {initials || "?"}
      <span
        aria-hidden
        className={cn(
          "absolute -right-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-white",
          shown ? PRESENCE_DOT[shown] : "bg-slate-200",
        )}
      />
    </span>
  );

  return (
    <Menu
      triggerLabel="Open user menu"
      align={compact ? "end" : "start"}
      side={compact ? "bottom" : "top"}
      triggerClassName={cn(
        "flex items-center gap-3 rounded-lg text-left",
        compact ? "p-1" : "w-full p-2 hover:bg-slate-100",
      )}
      trigger={
        compact ? (
          avatar
        ) : (
          <>
            {avatar}
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-slate-900">{user.name}</span>
              <span className="block truncate text-xs text-slate-500">
                {ROLE_LABEL[user.role] ?? user.role}
                {shown ? ` · ${PRESENCE_LABEL[shown]}` : ""}
              </span>
            </span>
            <ChevronsUpDown aria-hidden className="size-4 text-slate-400" />
          </>
        )
      }
    >
      <div className="px-2.5 py-2">
        <div className="truncate text-sm font-medium text-slate-900" data-testid="user-menu-name">
          {user.name}
        </div>
        <div className="truncate text-xs text-slate-500">{user.email}</div>
        <div className="mt-1 text-xs font-medium text-slate-600" data-testid="user-menu-role">
          {ROLE_LABEL[user.role] ?? user.role}
        </div>
      </div>
      <MenuSeparator />
      <MenuGroup label="Status">
        {PRESENCES.map((p) => (
          <MenuItemRadio key={p} checked={shown === p} onSelect={() => p !== shown && setPresence.mutate(p)}>
            <span aria-hidden className={cn("size-2.5 rounded-full", PRESENCE_DOT[p])} />
            {PRESENCE_LABEL[p]}
          </MenuItemRadio>
        ))}
      </MenuGroup>
      <MenuSeparator />
      <MenuItem onSelect={onSignOut}>
        <LogOut aria-hidden className="size-4" />
        {signingOut ? "Signing out…" : "Sign out"}
      </MenuItem>
    </Menu>
  );
}
