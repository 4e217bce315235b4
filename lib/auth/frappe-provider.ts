import type { Profile } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { frappeAuthConfig } from "@/lib/crm/frappe-auth-config";
import { ZFrappeProfileSchema, signInWithFrappe, type TFrappeProfile } from "@/lib/crm/sign-in-with-frappe";
import type { Role } from "./roles";

/**
 * "Sign in with Frappe CRM" (reference §2): authorization code with PKCE (S256) and state, client
 * credentials in the token request body (`client_secret_post`, the one method every Frappe version
 * accepts), user info from `openid_profile`. Scope "openid all" (the OAuth Client's default scopes).
 *
 * Frappe quirks handled here rather than in openid-client:
 * - With `openid` granted, get_token also returns an HS256 `id_token` whose `iss` depends on the
 *   host Frappe was reached by; openid-client's `oauthCallback` refuses any token response with an
 *   id_token ("id_token detected…"). So the token request is ours: we POST the form ourselves and
 *   keep only access/refresh tokens; identity comes from `openid_profile` with the access token.
 * - Frappe answers the token JSON raw (not wrapped in `message`), errors as `{error,…}` with 400/401.
 *
 * `profile()` resolves the Frappe identity to a local user (lib/crm/sign-in-with-frappe.ts): role
 * and workspace always come from our database. A refusal is carried to the signIn callback, which
 * sends the user back to /signin with the message.
 */
export interface FrappeSignInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  workspaceId: string;
  /** Set when the sign-in is refused; the signIn callback turns it into /signin?error=… */
  refused?: string;
}

const OAUTH = "/api/method/frappe.integrations.oauth2";

export function frappeProvider(): OAuthConfig<TFrappeProfile> | null {
  const c = frappeAuthConfig();
  if (!c.enabled) return null;
  return {
    id: "frappe",
    name: "Frappe CRM",
    type: "oauth",
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    checks: ["pkce", "state"],
    client: { token_endpoint_auth_method: "client_secret_post" },
    idToken: false,
    authorization: { url: `${c.baseUrl}${OAUTH}.authorize`, params: { scope: "openid all", response_type: "code" } },
    token: {
      url: `${c.baseUrl}${OAUTH}.get_token`,
      async request({ provider, params, checks }) {
        const form = new URLSearchParams({
          grant_type: "authorization_code",
          code: String(params.code ?? ""),
          redirect_uri: String(provider.callbackUrl),
          client_id: c.clientId,
          client_secret: c.clientSecret,
        });
        if (checks.code_verifier) form.set("code_verifier", checks.code_verifier);
        const res = await fetch(`${c.baseUrl}${OAUTH}.get_token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: form.toString(),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (!res.ok || typeof body.access_token !== "string") {
          throw new Error(`Frappe get_token failed (${res.status}): ${String(body.error ?? "")} ${String(body.error_description ?? "")}`.trim());
        }
        const expiresIn = Number(body.expires_in ?? 3600);
        return {
          tokens: {
            access_token: body.access_token,
            token_type: String(body.token_type ?? "Bearer"),
            refresh_token: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
            expires_at: Math.floor(Date.now() / 1000) + (Number.isFinite(expiresIn) ? expiresIn : 3600),
            scope: typeof body.scope === "string" ? body.scope : undefined,
          },
        };
      },
    },
    userinfo: {
      url: `${c.baseUrl}${OAUTH}.openid_profile`,
      async request({ tokens }) {
        const res = await fetch(`${c.baseUrl}${OAUTH}.openid_profile`, {
          headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" },
          signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new Error(`Frappe openid_profile failed (${res.status})`);
        const body: unknown = await res.json();
        ZFrappeProfileSchema.parse(body);
        return body as Profile;
      },
    },
    async profile(profile, tokens): Promise<FrappeSignInUser> {
      const p = ZFrappeProfileSchema.parse(profile);
      const r = await signInWithFrappe({
        profile: p,
        tokens: { accessToken: String(tokens.access_token), refreshToken: tokens.refresh_token ?? null, expiresAt: tokens.expires_at ?? null },
      });
      if (!r.ok) return { id: `refused:${p.email}`, email: p.email, name: p.name ?? p.email, role: "agent", workspaceId: "", refused: r.message };
      return r.user;
    },
  };
}
