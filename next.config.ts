import type { NextConfig } from "next";

/**
 * Static security headers. The Content-Security-Policy is not here: proxy.ts builds it per request
 * from the runtime configuration (media-server URL, Frappe origin for /embed).
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    "pg",
    "ioredis",
    "pino",
  ],
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    // The sign-in popup opened from the Frappe iframe must keep `window.opener` to report back
    // (postMessage). COOP same-origin on any page it passes through would sever it, so the popup's
    // pages (sign-in, next-auth's routes, /embed) use unsafe-none; everything else stays isolated.
    const popupSafe = [{ key: "Cross-Origin-Opener-Policy", value: "unsafe-none" }];
    return [
      {
        // Everything except /embed/*: never framed.
        source: "/:path((?!embed(?:/|$)).*)",
        headers: [
          ...common,
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), geolocation=(), microphone=(self)" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // /embed/*: framed by Frappe CRM only (frame-ancestors in proxy.ts); no X-Frame-Options here.
        source: "/embed/:path*",
        headers: [...common, ...popupSafe, { key: "Permissions-Policy", value: "camera=(), geolocation=(), microphone=(self)" }],
      },
      { source: "/signin", headers: popupSafe },
      { source: "/api/auth/:path*", headers: popupSafe },
    ];
  },
};

export default nextConfig;
