import { ApiError, apiFetch } from "@/components/shell/api-fetch";

/**
 * Agents a call can be transferred to or shared with. Prefers web's GET /api/calls/agents (every
 * role that takes calls may read it, with `busy`); falls back to GET /api/v1/users, which only
 * admins and supervisors may read, filtered to people who are online.
 */
export interface TransferTarget {
  id: string;
  name: string;
  presence: "online" | "away" | "offline";
  busy: boolean;
}

interface UserRow {
  id: string;
  name: string;
  role: string;
  presence: "online" | "away" | "offline";
  disabled?: boolean;
  busy?: boolean;
}

export async function listTransferTargets(selfId: string): Promise<TransferTarget[]> {
  let rows: UserRow[];
  try {
    rows = (await apiFetch<{ data: UserRow[] }>("/api/calls/agents")).data;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    rows = (await apiFetch<{ data: UserRow[] }>("/api/v1/users")).data;
  }
  return rows
    .filter((u) => u.id !== selfId && !u.disabled && u.presence === "online")
    .map((u) => ({ id: u.id, name: u.name, presence: u.presence, busy: u.busy ?? false }))
    .sort((a, b) => Number(a.busy) - Number(b.busy) || a.name.localeCompare(b.name));
}
