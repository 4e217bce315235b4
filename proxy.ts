import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, mediaConnectSources } from "@/lib/core/content-security-policy";
import { embedFrameAncestors } from "@/lib/crm/embed-security";

/**
 * Next 16 proxy (formerly middleware): the Content-Security-Policy of every page, computed per
 * request from the runtime configuration. /embed/* may be framed by the configured Frappe CRM
 * origin only; everything else by nobody (next.config also sends X-Frame-Options: DENY there).
 */
export function proxy(request: NextRequest): NextResponse {
  const res = NextResponse.next();
  const embed = request.nextUrl.pathname === "/embed" || request.nextUrl.pathname.startsWith("/embed/");
  res.headers.set(
    "Content-Security-Policy",
    contentSecurityPolicy({ frameAncestors: embed ? embedFrameAncestors() : [], connect: mediaConnectSources() }),
  );
  return res;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
