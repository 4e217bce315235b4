/**
 * Roles and what each may do — the one place role checks are decided. Pages, route handlers and
 * socket events all ask `can(role, permission)` (or `requireRole`).
 */
export const ROLES = ["admin", "supervisor", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Inbox and own calls. */
  "inbox:use": ["admin", "supervisor", "agent"],
  "calls:use": ["admin", "supervisor", "agent"],
  /** Live wall, listen / whisper / barge. */
  "supervisor:monitor": ["admin", "supervisor"],
  "analytics:view": ["admin", "supervisor"],
  /** Workspace settings, users, API keys, dead-letter jobs, audit log. */
  "settings:manage": ["admin"],
  "users:manage": ["admin"],
  "users:read": ["admin", "supervisor"],
  "apikeys:manage": ["admin"],
  "jobs:manage": ["admin"],
  "audit:read": ["admin"],
  /** Bot settings, knowledge base edits, the bot test console. */
  "bot:manage": ["admin"],
  /** Own appointments, availability and calendar feed; booking for contacts. */
  "appointments:use": ["admin", "supervisor", "agent"],
  /** Everyone's appointments and availability. */
  "appointments:manage": ["admin", "supervisor"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | undefined | null, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

/** Navigation by role: what the shell shows is what the role may open. */
export const NAV: NavItem[] = [
  { href: "/inbox", label: "Inbox", permission: "inbox:use" },
  { href: "/calls", label: "Calls", permission: "calls:use" },
  { href: "/supervisor", label: "Supervisor", permission: "supervisor:monitor" },
  { href: "/appointments", label: "Appointments", permission: "appointments:use" },
  { href: "/analytics", label: "Analytics", permission: "analytics:view" },
  { href: "/settings", label: "Settings", permission: "settings:manage" },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((item) => can(role, item.permission));
}
