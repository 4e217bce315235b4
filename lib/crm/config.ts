import { z } from "zod";

/**
 * Frappe CRM configuration, parsed from the environment with zod.
 *
 * When FRAPPE_URL is unset the app runs in **sandbox mode** against the fake Frappe CRM
 * (lib/sandbox/frappe, `http://127.0.0.1:${FRAPPE_SANDBOX_PORT}`) with the documented constants in
 * FRAPPE_SANDBOX_DEFAULTS (shared by the app and the fake; they are not secrets).
 *
 * Not `server-only`: the standalone fake (tsx) reads it too.
 */
export const FRAPPE_SANDBOX_DEFAULTS = {
  apiKey: "sandbox-integration-key",
  apiSecret: "sandbox-integration-secret",
  webhookSecret: "sandbox-frappe-webhook-secret",
  oauthClientId: "sandbox-oauth-client",
  oauthClientSecret: "sandbox-oauth-secret",
  integrationUser: "integration@example.com",
} as const;

export const DEFAULT_FRAPPE_SANDBOX_PORT = 4200;
/** Frappe CRM's own telephony code parses numbers with default region "IN" (reference §4.2). */
export const DEFAULT_CRM_REGION = "IN";
export const DEFAULT_FRAPPE_TIME_ZONE = "Asia/Kolkata";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const ZCrmEnvSchema = z.object({
  FRAPPE_URL: optionalString.pipe(z.string().url().optional()),
  FRAPPE_API_KEY: optionalString,
  FRAPPE_API_SECRET: optionalString,
  FRAPPE_WEBHOOK_SECRET: optionalString,
  FRAPPE_OAUTH_CLIENT_ID: optionalString,
  FRAPPE_OAUTH_CLIENT_SECRET: optionalString,
  CRM_DEFAULT_REGION: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z]{2}$/, "must be a two-letter region code such as IN")
      .transform((s) => s.toUpperCase())
      .optional(),
  ),
  FRAPPE_SANDBOX_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number")
      .transform(Number)
      .optional(),
  ),
  FRAPPE_TIME_ZONE: optionalString.pipe(
    z
      .string()
      .refine((tz) => isTimeZone(tz), "must be an IANA time zone such as Asia/Kolkata")
      .optional(),
  ),
});
export type TCrmEnv = z.infer<typeof ZCrmEnvSchema>;

export interface TCrmConfig {
  /** True when FRAPPE_URL is unset: the app talks to the fake Frappe CRM. */
  sandboxMode: boolean;
  /** Site URL without trailing slash, e.g. https://crm.example.com. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  webhookSecret: string;
  oauthClientId: string;
  oauthClientSecret: string;
  defaultRegion: string;
  /** The Frappe site's system time zone: Datetime fields are naive strings in it (reference §3.5). */
  timeZone: string;
  sandboxPort: number;
}

export class CrmConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CrmConfigError";
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function parseCrmConfig(source: Record<string, string | undefined> = process.env): TCrmConfig {
  const parsed = ZCrmEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new CrmConfigError(`Invalid Frappe CRM configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const sandboxPort = e.FRAPPE_SANDBOX_PORT ?? DEFAULT_FRAPPE_SANDBOX_PORT;
  const common = {
    defaultRegion: e.CRM_DEFAULT_REGION ?? DEFAULT_CRM_REGION,
    timeZone: e.FRAPPE_TIME_ZONE ?? DEFAULT_FRAPPE_TIME_ZONE,
    sandboxPort,
  };
  if (!e.FRAPPE_URL) {
    const d = FRAPPE_SANDBOX_DEFAULTS;
    return {
      ...common,
      sandboxMode: true,
      baseUrl: `http://127.0.0.1:${sandboxPort}`,
      apiKey: e.FRAPPE_API_KEY ?? d.apiKey,
      apiSecret: e.FRAPPE_API_SECRET ?? d.apiSecret,
      webhookSecret: e.FRAPPE_WEBHOOK_SECRET ?? d.webhookSecret,
      oauthClientId: e.FRAPPE_OAUTH_CLIENT_ID ?? d.oauthClientId,
      oauthClientSecret: e.FRAPPE_OAUTH_CLIENT_SECRET ?? d.oauthClientSecret,
    };
  }
  const missing = (["FRAPPE_API_KEY", "FRAPPE_API_SECRET", "FRAPPE_WEBHOOK_SECRET"] as const).filter((k) => !e[k]);
  if (missing.length > 0) {
    throw new CrmConfigError(
      `FRAPPE_URL is set, so the real Frappe CRM is used, but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set.`,
    );
  }
  return {
    ...common,
    sandboxMode: false,
    baseUrl: e.FRAPPE_URL.replace(/\/+$/, ""),
    apiKey: e.FRAPPE_API_KEY!,
    apiSecret: e.FRAPPE_API_SECRET!,
    webhookSecret: e.FRAPPE_WEBHOOK_SECRET!,
    // Sign-in with Frappe is optional: empty means the provider is not offered.
    oauthClientId: e.FRAPPE_OAUTH_CLIENT_ID ?? "",
    oauthClientSecret: e.FRAPPE_OAUTH_CLIENT_SECRET ?? "",
  };
}

let cached: TCrmConfig | undefined;

/** The CRM configuration of this process (parsed once). */
export function crmConfig(): TCrmConfig {
  cached ??= parseCrmConfig();
  return cached;
}

/** Tests change process.env and call this to re-read it. */
export function resetCrmConfig(): void {
  cached = undefined;
}
