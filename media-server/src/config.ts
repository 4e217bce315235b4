import fs from "node:fs";
import os from "node:os";
import { z } from "zod";

/**
 * Every environment variable the media-server reads (README has the same table). Parsed once at
 * start; production refuses to start with a missing or weak MEDIA_SERVER_SECRET and names it, the
 * same rule as web (lib/core/env.ts).
 */

// Same development fallback as web's lib/core/env.ts, so the embedded demo works with no .env at all.
const DEV_SECRET = "dev-only-insecure-secret-change-me-0000000000";
// Where Debian's `mediasoup-worker` package (experimental suite) installs the 3.8.4 worker.
const DEBIAN_WORKER_BIN = "/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker";

const ZPort = z.coerce.number().int().min(0).max(65535);

const ZMediaEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  MEDIA_PORT: ZPort.default(4000),
  MEDIA_HOST: z.string().min(1).default("0.0.0.0"),
  MEDIA_SERVER_SECRET: z.string().optional(),
  MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  MEDIASOUP_WORKER_BIN: z.string().min(1).optional(),
  MEDIA_LISTEN_IP: z.string().min(1).default("127.0.0.1"),
  MEDIA_ANNOUNCED_IP: z.string().min(1).optional(),
  RTC_MIN_PORT: ZPort.default(40000),
  RTC_MAX_PORT: ZPort.default(49999),
  WEB_CALLBACK_URL: z.string().url().default("http://127.0.0.1:3000"),
  /** Comma-separated browser origins allowed to open the socket.io connection. */
  MEDIA_CORS_ORIGIN: z.string().optional(),
  /** Web's public URL (same variable as web); its origin is allowed by default. */
  APP_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  MEDIA_MAX_BODY_BYTES: z.coerce.number().int().positive().default(256 * 1024),
});

export interface MediaConfig {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  secret: string;
  workers: number;
  workerBin?: string;
  listenIp: string;
  announcedIp?: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  webCallbackUrl: string;
  eventsUrl: string;
  corsOrigins: string[];
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  maxBodyBytes: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): MediaConfig {
  const parsed = ZMediaEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid media-server configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production" && source.ALLOW_INSECURE_SECRETS !== "1";
  const secret = e.MEDIA_SERVER_SECRET;
  if (production && (!secret || secret.length < 32 || secret === DEV_SECRET)) {
    throw new ConfigError(
      `MEDIA_SERVER_SECRET is ${secret ? "too weak (use at least 32 random characters)" : "not set"}. ` +
        "Production refuses to start without it; use the same value as the web process.",
    );
  }
  const workers = e.MEDIA_WORKERS ?? Math.max(1, os.cpus().length);
  if (e.RTC_MAX_PORT - e.RTC_MIN_PORT + 1 < workers) {
    throw new ConfigError(`RTC_MIN_PORT..RTC_MAX_PORT (${e.RTC_MIN_PORT}..${e.RTC_MAX_PORT}) must hold at least one port per worker (${workers}).`);
  }
  const webCallbackUrl = e.WEB_CALLBACK_URL.replace(/\/$/, "");
  const workerBin = e.MEDIASOUP_WORKER_BIN ?? (fs.existsSync(DEBIAN_WORKER_BIN) ? DEBIAN_WORKER_BIN : undefined);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.MEDIA_PORT,
    host: e.MEDIA_HOST,
    secret: secret ?? DEV_SECRET,
    workers,
    workerBin,
    listenIp: e.MEDIA_LISTEN_IP,
    announcedIp: e.MEDIA_ANNOUNCED_IP,
    rtcMinPort: e.RTC_MIN_PORT,
    rtcMaxPort: e.RTC_MAX_PORT,
    webCallbackUrl,
    eventsUrl: `${webCallbackUrl}/api/media/events`,
    corsOrigins: e.MEDIA_CORS_ORIGIN
      ? e.MEDIA_CORS_ORIGIN.split(",")
          .map((s) => s.trim().replace(/\/$/, ""))
          .filter(Boolean)
      : defaultOrigins(webCallbackUrl, e.APP_URL),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MEDIA_MAX_BODY_BYTES,
  };
}

/** The web app's origins: APP_URL, the callback URL, and its localhost / 127.0.0.1 twin (the demo prints either). */
function defaultOrigins(webCallbackUrl: string, appUrl: string | undefined): string[] {
  const out = new Set<string>();
  if (appUrl) out.add(new URL(appUrl).origin);
  const cb = new URL(webCallbackUrl);
  out.add(cb.origin);
  const twin = cb.hostname === "127.0.0.1" ? "localhost" : cb.hostname === "localhost" ? "127.0.0.1" : null;
  if (twin) out.add(`${cb.protocol}//${twin}${cb.port ? `:${cb.port}` : ""}`);
  return [...out];
}

/**
 * mediasoup 3.8.4 reads MEDIASOUP_WORKER_BIN once, when its Worker module is first loaded
 * (node_modules/mediasoup/lib/Worker.js), so this must run before anything imports mediasoup.
 */
export function exportWorkerBin(config: MediaConfig): void {
  if (config.workerBin) process.env.MEDIASOUP_WORKER_BIN = config.workerBin;
}
