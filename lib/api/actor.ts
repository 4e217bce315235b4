import type { Principal } from "@/lib/auth/principal";

/** Who did it, for audit rows: a user, or an API key (its own id, so revoking it explains the trail). */
export interface Actor {
  id: string | null;
  type: "user" | "api_key";
  /** The user behind the action (the key's creator for API keys), for foreign keys like createdById. */
  userId: string | null;
  ip: string | null;
}

export function actorOf(principal: Principal, req: Request): Actor {
  return {
    id: principal.kind === "api_key" ? (principal.apiKeyId ?? null) : principal.userId,
    type: principal.kind,
    userId: principal.userId,
    ip: clientIp(req),
  };
}

/** First hop of X-Forwarded-For (set by the reverse proxy in front of Next.js), else X-Real-IP. */
export function clientIp(req: Request): string | null {
  const fwd = req.headers.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0].trim().slice(0, 64) || null;
  return req.headers.get("x-real-ip")?.slice(0, 64) ?? null;
}
