/**
 * Where to go after signing in. Only same-origin paths are allowed, so `?callbackUrl=` cannot send
 * a user to another site. next-auth itself passes absolute URLs on our own origin; those are
 * reduced to their path.
 */
export function safeCallbackUrl(raw: string | undefined, appUrl: string, fallback = "/inbox"): string {
  if (!raw) return fallback;
  if (raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\"))
    return raw.startsWith("/signin") ? fallback : raw;
  try {
    const u = new URL(raw);
    if (u.origin !== new URL(appUrl).origin) return fallback;
    const p = u.pathname + u.search + u.hash;
    return p.startsWith("/signin") || p === "/" ? fallback : p;
  } catch {
    return fallback;
  }
}
