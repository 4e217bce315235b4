import { z } from "zod";

/**
 * Every environment variable the web process reads, in one place (README has the same table).
 * Parsed once; production refuses to start with a missing or weak secret and names the variable.
 */
const DEV_SECRET = "dev-only-insecure-secret-change-me-0000000000";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),

  NEXTAUTH_SECRET: z.string().optional(),
  APP_ENCRYPTION_KEY: z.string().optional(),
  MEDIA_SERVER_SECRET: z.string().optional(),

  AUTH_MAX_FAILED_LOGINS: z.coerce.number().int().positive().default(5),
  AUTH_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  SEED_API_KEY: z.string().optional(),

  MEDIA_SERVER_URL: z.string().url().default("http://127.0.0.1:4000"),
  MEDIA_SERVER_PUBLIC_URL: z.string().url().optional(),

  JOBS_DISABLED: bool,
  JOBS_CONCURRENCY: z.coerce.number().int().positive().default(8),
  JOBS_POLL_MS: z.coerce.number().int().positive().default(500),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
});

export type Env = z.infer<typeof EnvSchema> & {
  appUrl: string;
  nextAuthSecret: string;
  encryptionKey: string;
  mediaServerSecret: string;
  mediaServerPublicUrl: string;
};

const SECRETS = ["NEXTAUTH_SECRET", "APP_ENCRYPTION_KEY", "MEDIA_SERVER_SECRET"] as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production" && source.ALLOW_INSECURE_SECRETS !== "1";
  for (const name of SECRETS) {
    const value = e[name];
    if (production && (!value || value.length < 32 || value === DEV_SECRET)) {
      throw new ConfigError(
        `${name} is ${value ? "too weak (use at least 32 random characters)" : "not set"}. ` +
          `Production refuses to start without it. Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
      );
    }
  }
  const appUrl = (e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  return {
    ...e,
    appUrl,
    nextAuthSecret: e.NEXTAUTH_SECRET ?? DEV_SECRET,
    encryptionKey: e.APP_ENCRYPTION_KEY ?? DEV_SECRET,
    mediaServerSecret: e.MEDIA_SERVER_SECRET ?? DEV_SECRET,
    mediaServerPublicUrl: (e.MEDIA_SERVER_PUBLIC_URL ?? e.MEDIA_SERVER_URL).replace(/\/$/, ""),
  };
}

let cached: Env | undefined;

/** The parsed configuration of this process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Tests change process.env and call this to re-read it. */
export function resetEnv(): void {
  cached = undefined;
}
