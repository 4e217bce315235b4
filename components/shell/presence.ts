export const PRESENCES = ["online", "away", "offline"] as const;
export type Presence = (typeof PRESENCES)[number];

export const PRESENCE_LABEL: Record<Presence, string> = {
  online: "Online",
  away: "Away",
  offline: "Offline",
};
export const PRESENCE_DOT: Record<Presence, string> = {
  online: "bg-emerald-500",
  away: "bg-amber-400",
  offline: "bg-slate-400",
};

export function isPresence(v: unknown): v is Presence {
  return typeof v === "string" && (PRESENCES as readonly string[]).includes(v);
}
