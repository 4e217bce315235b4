import type { TApiKey } from "@/lib/api-keys/api-key.schema";
import type { TUser } from "@/lib/users/user.schema";

/**
 * What the admin screens show of the v1 API (app/api/v1/users and api-keys). DTO types come from the
 * domain's *.schema.ts files, the only server files client code may import (and only as types).
 */
export type RoleName = "admin" | "supervisor" | "agent";
export const ROLE_OPTIONS: { value: RoleName; label: string }[] = [
  { value: "agent", label: "Agent" },
  { value: "supervisor", label: "Supervisor" },
  { value: "admin", label: "Admin" },
];

export type UserDto = TUser;

export type ApiKeyScopeName = "read" | "write" | "admin";
export const SCOPE_OPTIONS: { value: ApiKeyScopeName; label: string; hint: string }[] = [
  { value: "read", label: "read", hint: "GET requests" },
  { value: "write", label: "write", hint: "create and change data" },
  { value: "admin", label: "admin", hint: "users, keys and settings" },
];

export type ApiKeyDto = TApiKey;

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "—";
  return d.toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
