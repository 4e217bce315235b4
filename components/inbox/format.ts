import type { ContactDTO } from "./types";

/** Display helpers for the inbox (pure; unit-tested in format.test.ts). */

/**
 * A contact's phone for display. `waId` is the phone's digits for classic users, but (2026) a
 * business-scoped user id like "US.1349…" when the user hides the number behind a username.
 */
export function contactPhone(c: Pick<ContactDTO, "phone" | "waId">): string | null {
  if (c.phone) return c.phone;
  return c.waId && /^\d+$/.test(c.waId) ? `+${c.waId}` : null;
}

export function contactName(c: Pick<ContactDTO, "name" | "phone" | "username" | "waId">): string {
  return c.name?.trim() || c.username || contactPhone(c) || c.waId || "Unknown contact";
}

export function initials(name: string): string {
  const letters = name
    .replace(/^[@+]/, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? "")
    .join("");
  return letters || "?";
}

/** "now", "5m", "3h", "Tue", "12 Mar" — the list's compact time. */
export function shortTime(iso: string | null, now = Date.now()): string {
  if (!iso) return "";
  const t = new Date(iso).getTime();
  const diff = Math.max(0, now - t);
  if (diff < 60_000) return "now";
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)}m`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)}h`;
  const d = new Date(t);
  if (diff < 6 * 86_400_000) return d.toLocaleDateString(undefined, { weekday: "short" });
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function dayLabel(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const today = new Date(now);
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(today) - startOf(d)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return d.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" });
}

/** Remaining customer-service window: "3 h 12 m", "12 m", "<1 m"; null when closed or unknown. */
export function windowRemaining(expiresAt: string | null, now = Date.now()): string | null {
  if (!expiresAt) return null;
  const ms = new Date(expiresAt).getTime() - now;
  if (ms <= 0) return null;
  const mins = Math.floor(ms / 60_000);
  if (mins < 1) return "<1 m";
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  return h > 0 ? `${h} h ${m} m` : `${m} m`;
}

export function isWindowOpen(expiresAt: string | null, now = Date.now()): boolean {
  return !!expiresAt && new Date(expiresAt).getTime() > now;
}

export function fileSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Template body with `{{1}}` / `{{name}}` replaced by the given values (blank ones stay visible). */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w]+)\s*\}\}/g, (whole, key: string) => values[key]?.trim() || whole);
}

/** Placeholders in order of first appearance: ["1","2"] or ["customer_name", …]. */
export function placeholders(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/\{\{\s*([\w]+)\s*\}\}/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}
