import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { hmacSha256 } from "@/lib/core/crypto";
import { route, sendJson, type Route, type RouteContext } from "../http";
import { cookie } from "./auth";
import { methodArgs } from "./method-args";
import type { FakeFrappeStore } from "./store";

/**
 * Frappe as OAuth 2 / OpenID provider (reference §2, §7.2): authorize (login redirect, consent
 * page unless skip_authorization), approve, get_token (authorization_code with PKCE S256 and
 * client_secret in the body, refresh_token), openid_profile, revoke_token, introspect_token, and
 * /.well-known/openid-configuration. Token bodies are raw JSON (not wrapped in `message`).
 */
const OAUTH = "/api/method/frappe.integrations.oauth2";

export function oauthRoutes(store: FakeFrappeStore): Route[] {
  const issuer = () => store.options.publicUrl;
  return [
    route("GET", "/.well-known/openid-configuration", (ctx) =>
      sendJson(ctx.res, 200, {
        issuer: issuer(),
        authorization_endpoint: `${issuer()}${OAUTH}.authorize`,
        token_endpoint: `${issuer()}${OAUTH}.get_token`,
        userinfo_endpoint: `${issuer()}${OAUTH}.openid_profile`,
        revocation_endpoint: `${issuer()}${OAUTH}.revoke_token`,
        introspection_endpoint: `${issuer()}${OAUTH}.introspect_token`,
        response_types_supported: ["code", "token", "code id_token", "code token id_token", "id_token", "id_token token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["HS256"],
      }),
    ),
    route("GET", `${OAUTH}.authorize`, (ctx) => authorize(store, ctx)),
    route("POST", `${OAUTH}.approve`, async (ctx) => {
      const args = await methodArgs(ctx);
      const user = sessionUser(ctx.req, store);
      if (!user) return redirect(ctx.res, `/login?redirect-to=${encodeURIComponent(`${OAUTH}.authorize?${new URLSearchParams(args as Record<string, string>).toString()}`)}`);
      const redirectUri = String(args.redirect_uri ?? "");
      const client = store.clients.get(String(args.client_id ?? ""));
      if (!client || !client.redirectUris.includes(redirectUri)) return oauthError(ctx.res, 400, "invalid_client", "Unknown client or redirect URI");
      if (args.allow !== "1" && args.allow !== "true") return redirect(ctx.res, withQuery(redirectUri, { error: "access_denied", state: String(args.state ?? "") }));
      return issueCode(store, ctx.res, user, args as Record<string, string>);
    }),
    route("POST", `${OAUTH}.get_token`, (ctx) => getToken(store, ctx)),
    route("GET", `${OAUTH}.openid_profile`, (ctx) => profile(store, ctx)),
    route("POST", `${OAUTH}.openid_profile`, (ctx) => profile(store, ctx)),
    route("POST", `${OAUTH}.revoke_token`, async (ctx) => {
      const token = String((await methodArgs(ctx)).token ?? "");
      const a = store.accessTokens.get(token);
      if (a) a.revoked = true;
      const r = store.refreshTokens.get(token);
      if (r) r.revoked = true;
      sendJson(ctx.res, 200, {});
    }),
    route("POST", `${OAUTH}.introspect_token`, async (ctx) => {
      const token = String((await methodArgs(ctx)).token ?? "");
      const a = store.accessTokens.get(token);
      if (!a || a.revoked || a.expiresAt <= Date.now()) return sendJson(ctx.res, 200, { active: false });
      const client = store.clients.get(a.clientId);
      sendJson(ctx.res, 200, { client_id: a.clientId, trusted_client: client?.skipAuthorization ? 1 : 0, active: true, exp: Math.floor(a.expiresAt / 1000), scope: a.scope, ...userinfo(store, a.user) });
    }),
    route("GET", "/login", (ctx) => loginPage(ctx)),
  ];
}

function sessionUser(req: IncomingMessage, store: FakeFrappeStore): string | null {
  const sid = cookie(req, "sid");
  return sid ? (store.sessions.get(sid) ?? null) : null;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  return u.toString();
}

function oauthError(res: ServerResponse, status: number, error: string, description?: string): void {
  sendJson(res, status, description ? { error, error_description: description } : { error });
}

function authorize(store: FakeFrappeStore, ctx: RouteContext): void {
  const q = Object.fromEntries(ctx.url.searchParams.entries());
  const user = sessionUser(ctx.req, store);
  if (!user) return redirect(ctx.res, `/login?redirect-to=${encodeURIComponent(ctx.url.pathname + ctx.url.search)}`);
  const client = store.clients.get(q.client_id ?? "");
  if (!client) return oauthError(ctx.res, 400, "invalid_client", "Client not found");
  // oauthlib never redirects to an unregistered redirect_uri (exact match).
  if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) return oauthError(ctx.res, 400, "invalid_request", "Mismatching redirect URI");
  if (q.response_type !== "code") return redirect(ctx.res, withQuery(q.redirect_uri, { error: "unsupported_response_type", state: q.state ?? "" }));
  const scopes = (q.scope ?? "all").split(/\s+/).filter(Boolean);
  if (!scopes.every((s) => client.scopes.includes(s))) return redirect(ctx.res, withQuery(q.redirect_uri, { error: "invalid_scope", state: q.state ?? "" }));
  if (client.skipAuthorization) return issueCode(store, ctx.res, user, q);
  const hidden = Object.entries(q)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  html(
    ctx.res,
    `<h1>Confirm Access</h1><p><b>${esc(client.appName)}</b> wants to access your data (${esc(scopes.join(", "))}) as <b>${esc(user)}</b>.</p>
<form method="post" action="${OAUTH}.approve">${hidden}<button name="allow" value="1" type="submit">Allow</button> <button name="allow" value="0" type="submit">Deny</button></form>`,
  );
}

function issueCode(store: FakeFrappeStore, res: ServerResponse, user: string, q: Record<string, string>): void {
  const code = randomBytes(15).toString("hex");
  store.codes.set(code, {
    clientId: q.client_id!,
    redirectUri: q.redirect_uri!,
    user,
    scope: q.scope ?? "all",
    challenge: q.code_challenge || undefined,
    method: q.code_challenge_method || undefined,
    nonce: q.nonce || undefined,
    used: false,
  });
  redirect(res, withQuery(q.redirect_uri!, { code, state: q.state ?? "" }));
}

function clientFrom(req: IncomingMessage, args: Record<string, unknown>): { id: string; secret: string } {
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ""));
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
    return { id: decodeURIComponent(id ?? ""), secret: decodeURIComponent(secret ?? "") };
  }
  return { id: String(args.client_id ?? ""), secret: String(args.client_secret ?? "") };
}

async function getToken(store: FakeFrappeStore, ctx: RouteContext): Promise<void> {
  const args = await methodArgs(ctx);
  const { id, secret } = clientFrom(ctx.req, args);
  const client = store.clients.get(id);
  if (!client || client.clientSecret !== secret) return oauthError(ctx.res, 401, "invalid_client");
  const grant = String(args.grant_type ?? "");
  if (grant === "authorization_code") {
    const code = store.codes.get(String(args.code ?? ""));
    if (!code || code.used || code.clientId !== id) return oauthError(ctx.res, 400, "invalid_grant");
    code.used = true; // single use, also when the rest fails
    if (code.redirectUri !== String(args.redirect_uri ?? "")) return oauthError(ctx.res, 400, "invalid_grant", "Mismatching redirect URI");
    if (code.challenge) {
      const verifier = String(args.code_verifier ?? "");
      const computed = code.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (!verifier || computed !== code.challenge) return oauthError(ctx.res, 400, "invalid_grant", "Code verifier does not match");
    }
    return tokenResponse(store, ctx.res, code.user, client.clientId, code.scope, code.nonce);
  }
  if (grant === "refresh_token") {
    const r = store.refreshTokens.get(String(args.refresh_token ?? ""));
    if (!r || r.revoked || r.clientId !== id) return oauthError(ctx.res, 400, "invalid_grant");
    r.revoked = true; // rotated
    return tokenResponse(store, ctx.res, r.user, r.clientId, r.scope);
  }
  oauthError(ctx.res, 400, "unsupported_grant_type");
}

function tokenResponse(store: FakeFrappeStore, res: ServerResponse, user: string, clientId: string, scope: string, nonce?: string): void {
  const t = store.issueTokens(user, clientId, scope);
  const body: Record<string, unknown> = { access_token: t.access, token_type: "Bearer", expires_in: t.expiresIn, refresh_token: t.refresh, scope };
  if (scope.split(/\s+/).includes("openid")) {
    const client = store.clients.get(clientId)!;
    const iat = Math.floor(Date.now() / 1000);
    const atHash = createHash("sha256").update(t.access).digest().subarray(0, 16).toString("base64url");
    body.id_token = jwtHs256({ aud: clientId, iat, exp: iat + t.expiresIn, at_hash: atHash, ...userinfo(store, user), ...(nonce ? { nonce } : {}) }, client.clientSecret);
  }
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" });
  res.end(JSON.stringify(body));
}

function jwtHs256(claims: Record<string, unknown>, key: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${enc({ typ: "jwt", alg: "HS256" })}.${enc(claims)}`;
  return `${head}.${hmacSha256(key, head).toString("base64url")}`;
}

export function userinfo(store: FakeFrappeStore, email: string): Record<string, unknown> {
  const u = store.users.get(email);
  if (!u) return { sub: null, email };
  return {
    sub: u.sub,
    name: [u.first_name, u.last_name].filter(Boolean).join(" "),
    given_name: u.first_name,
    family_name: u.last_name ?? null,
    email: u.email,
    picture: null,
    roles: [...u.roles, "All", "Guest"],
    iss: store.options.publicUrl,
  };
}

function profile(store: FakeFrappeStore, ctx: RouteContext): void {
  const m = /^Bearer\s+(\S+)$/i.exec(String(ctx.req.headers.authorization ?? ""));
  const user = m ? store.userByBearer(m[1]!) : null;
  if (!user) return sendJson(ctx.res, 401, { exc_type: "AuthenticationError" });
  sendJson(ctx.res, 200, userinfo(store, user));
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function html(res: ServerResponse, body: string, status = 200, headers: Record<string, string> = {}): void {
  const text = `<!doctype html><html><head><meta charset="utf-8"><title>Frappe CRM (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2937}input,button{font:inherit;padding:.4rem .6rem;margin:.2rem 0}label{display:block;margin-top:.6rem}</style></head><body>${body}</body></html>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function loginPage(ctx: RouteContext): void {
  const to = ctx.url.searchParams.get("redirect-to") ?? "/app";
  // Like Frappe's login page: a script posts JSON to /api/method/login, then follows redirect-to;
  // the plain form post works without JavaScript.
  html(
    ctx.res,
    `<h1>Login to Frappe CRM</h1>
<form id="login" method="post" action="/api/method/login">
<input type="hidden" name="redirect-to" value="${esc(to)}">
<label>Email <input name="usr" id="login_email" type="text" autocomplete="username"></label>
<label>Password <input name="pwd" id="login_password" type="password" autocomplete="current-password"></label>
<p id="error" role="alert" style="color:#b91c1c"></p>
<button type="submit" id="login_button">Login</button></form>
<script>
document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.target;
  const r = await fetch("/api/method/login", { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ usr: f.usr.value, pwd: f.pwd.value }) });
  if (r.ok) location.href = ${JSON.stringify(to.startsWith("/") && !to.startsWith("//") ? to : "/app")};
  else document.getElementById("error").textContent = "Invalid login credentials";
});
</script>`,
  );
}
