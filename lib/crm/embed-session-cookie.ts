import "server-only";
import { encode } from "next-auth/jwt";
import { env } from "@/lib/core/env";

const MAX_AGE_SEC = 12 * 60 * 60;

/**
 * The next-auth session cookie, minted for a user inside the Frappe iframe (see embed-handoff.ts).
 * Same name and JWT as next-auth's own (so principalFromCookies reads it), but SameSite=None;
 * Secure (a cross-site iframe gets no Lax cookie) and Partitioned (CHIPS: Chromium keeps it for
 * this app under this top-level site even when third-party cookies are blocked). Chromium accepts
 * Secure cookies from http://localhost and http://127.0.0.1 (potentially trustworthy origins).
 */
export async function embedSessionCookie(user: { id: string; email: string; name: string; role: string; workspaceId: string }): Promise<string> {
  const e = env();
  const secure = e.appUrl.startsWith("https://");
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const value = await encode({
    token: { sub: user.id, uid: user.id, email: user.email, name: user.name, role: user.role as "agent", workspaceId: user.workspaceId },
    secret: e.nextAuthSecret,
    maxAge: MAX_AGE_SEC,
  });
  return `${name}=${value}; Path=/; Max-Age=${MAX_AGE_SEC}; HttpOnly; Secure; SameSite=None; Partitioned`;
}
