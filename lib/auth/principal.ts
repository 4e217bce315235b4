import { getToken } from "next-auth/jwt";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { hashApiKey, looksLikeApiKey, type ApiKeyScope } from "./api-key-format";
import { can, isRole, type Permission, type Role } from "./roles";

/** Who is calling: a signed-in user or an API key. Everything is scoped to `workspaceId`. */
export interface Principal {
  kind: "user" | "api_key";
  /** The user, or the admin who created the key (null if that user was deleted). */
  userId: string | null;
  apiKeyId?: string;
  workspaceId: string;
  role: Role;
  name: string;
  email?: string;
  /** API keys carry scopes; users have all scopes their role allows. */
  scopes: ApiKeyScope[];
}

/**
 * Resolves the caller. `Authorization: Bearer <key>` wins over the session cookie. The user's role
 * and disabled flag are re-read from the database on every request, so a role change or a disabled
 * account takes effect at once even though sessions are JWTs.
 */
export async function getPrincipal(req: Request): Promise<Principal | null> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!m || !looksLikeApiKey(m[1])) {
      throw new AppError("UNAUTHENTICATED", { userMessage: "The Authorization header must be `Bearer <API key>`." });
    }
    return principalFromApiKey(m[1]);
  }
  return principalFromCookies(parseCookies(req.headers.get("cookie")));
}

/** The session principal from cookies (route handlers pass the request's, pages pass next/headers'). */
export async function principalFromCookies(cookies: Record<string, string>): Promise<Principal | null> {
  const e = env();
  // getToken reads the (possibly chunked) next-auth session cookie and decrypts the JWT. Headers are
  // left out on purpose: it would otherwise take a Bearer header as a session token.
  const token = await getToken({
    req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: e.nextAuthSecret,
    secureCookie: e.appUrl.startsWith("https://"),
  });
  if (!token?.uid) return null;
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: token.uid },
    select: { id: true, workspaceId: true, role: true, name: true, email: true, disabledAt: true },
  });
  if (!user || user.disabledAt || !isRole(user.role)) return null;
  return {
    kind: "user",
    userId: user.id,
    workspaceId: user.workspaceId,
    role: user.role,
    name: user.name,
    email: user.email,
    scopes: ["read", "write", "admin"],
  };
}

async function principalFromApiKey(key: string): Promise<Principal> {
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < now)) {
    throw new AppError("UNAUTHENTICATED", { userMessage: "This API key is not valid or has been revoked." });
  }
  // Touch lastUsedAt at most once a minute: no write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    kind: "api_key",
    userId: row.createdById,
    apiKeyId: row.id,
    workspaceId: row.workspaceId,
    role: row.role,
    name: row.name,
    scopes: row.scopes.filter((s): s is ApiKeyScope => s === "read" || s === "write" || s === "admin"),
  };
}

/** Throws UNAUTHENTICATED / FORBIDDEN; returns the principal when allowed. */
export function authorize(principal: Principal | null, permission?: Permission, scope?: ApiKeyScope): Principal {
  if (!principal) throw new AppError("UNAUTHENTICATED");
  if (permission && !can(principal.role, permission)) throw new AppError("FORBIDDEN");
  if (scope && !principal.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", { userMessage: `This API key lacks the "${scope}" scope.` });
  }
  return principal;
}

export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name) continue;
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[name] = part.slice(i + 1).trim();
    }
  }
  return out;
}
