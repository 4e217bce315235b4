import type { NextConfig } from "next";

/**
 * Security headers on every response. The CSP allows the media-server's socket.io endpoint
 * (MEDIA_SERVER_PUBLIC_URL) for signalling; frame-ancestors is 'none' except on /embed routes,
 * which the CRM issue opens to the configured Frappe origin only.
 */
const mediaOrigin = (() => {
  try {
    return new URL(process.env.MEDIA_SERVER_PUBLIC_URL ?? process.env.MEDIA_SERVER_URL ?? "http://127.0.0.1:4000").origin;
  } catch {
    return "";
  }
})();
const wsOrigin = mediaOrigin.replace(/^http/, "ws");

const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'" + (process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "font-src 'self' data:",
  `connect-src 'self' ${mediaOrigin} ${wsOrigin}`.trim(),
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

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
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), geolocation=(), microphone=(self)" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
