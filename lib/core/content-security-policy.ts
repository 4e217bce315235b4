/**
 * The app's Content-Security-Policy, built per request by proxy.ts from the runtime configuration
 * (next.config headers are frozen at build time, but the media-server's public URL and the
 * Frappe origin are deployment settings).
 * - connect-src: the app itself plus the media-server's socket.io endpoint (http and ws).
 * - frame-ancestors: 'none', except on /embed/* where the caller passes the Frappe CRM origin.
 */
export function mediaConnectSources(source: Record<string, string | undefined> = process.env): string[] {
  try {
    const origin = new URL(source.MEDIA_SERVER_PUBLIC_URL ?? source.MEDIA_SERVER_URL ?? "http://127.0.0.1:4000").origin;
    return [origin, origin.replace(/^http/, "ws")];
  } catch {
    return [];
  }
}

export function contentSecurityPolicy(options: { frameAncestors?: string[]; connect?: string[] } = {}): string {
  const ancestors = options.frameAncestors ?? [];
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'" + (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...(options.connect ?? [])].join(" "),
    `frame-ancestors ${ancestors.length > 0 ? ancestors.join(" ") : "'none'"}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}
