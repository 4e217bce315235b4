import type { IncomingMessage } from "node:http";
import { frappeErrors } from "./errors";
import type { FakeFrappeStore } from "./store";

/**
 * Frappe's `validate_auth` (reference §1.5): `token key:secret`, `Basic base64(key:secret)`,
 * `Bearer <oauth token>` (not expired, not revoked), else the `sid` cookie, else Guest. A two-part
 * Authorization header that resolves to no user is an AuthenticationError (401).
 */
export function resolveUser(req: IncomingMessage, store: FakeFrappeStore): string {
  const header = req.headers.authorization;
  if (header) {
    const parts = header.trim().split(/\s+/);
    if (parts.length === 2) {
      const [scheme, value] = [parts[0]!.toLowerCase(), parts[1]!];
      let user: string | null = null;
      if (scheme === "token") {
        const i = value.indexOf(":");
        user = i > 0 ? store.userByApiKey(value.slice(0, i), value.slice(i + 1)) : null;
      } else if (scheme === "basic") {
        const decoded = Buffer.from(value, "base64").toString("utf8");
        const i = decoded.indexOf(":");
        user = i > 0 ? store.userByApiKey(decoded.slice(0, i), decoded.slice(i + 1)) : null;
      } else if (scheme === "bearer") {
        user = store.userByBearer(value);
      }
      if (!user) throw frappeErrors.authentication();
      return user;
    }
  }
  const sid = cookie(req, "sid");
  if (sid) {
    const user = store.sessions.get(sid);
    if (user) return user;
  }
  return "Guest";
}

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

export function requireUser(user: string): void {
  if (user === "Guest") throw frappeErrors.notPermitted("Not permitted");
}
