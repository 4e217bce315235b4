import { z } from "zod";

/**
 * WhatsApp Cloud API configuration for the default workspace, parsed from the environment.
 *
 * When WHATSAPP_ACCESS_TOKEN is unset the app runs in **sandbox mode**: the Graph base URL points at
 * the embedded fake of Meta (`${SANDBOX_URL}/graph`, see lib/sandbox) and the ids/secrets below are
 * used. They are documented constants shared by the app and the sandbox, not secrets.
 *
 * Not imported with `server-only` on purpose: the standalone sandbox process (tsx) reads it too.
 */
export const SANDBOX_DEFAULTS = {
  accessToken: "sandbox-access-token",
  phoneNumberId: "100000000000001",
  wabaId: "200000000000001",
  appSecret: "sandbox-app-secret",
  verifyToken: "sandbox-verify-token",
  /** The business number the simulated users talk to (E.164 digits, no "+", as Meta's metadata has it). */
  displayPhoneNumber: "15550001234",
  verifiedName: "Sandbox Sales",
} as const;

/**
 * Pinned Graph version. Meta: "omitting the version uses the app's default — always pin it"
 * (reference §7.1). v25.0 (18 Feb 2026, available until Jul 2028) has the 2026 BSUID fields and no
 * per-message `conversation` object on status webhooks (dropped from v24.0).
 */
export const DEFAULT_GRAPH_VERSION = "v25.0";
export const DEFAULT_GRAPH_URL = "https://graph.facebook.com";
export const DEFAULT_SANDBOX_PORT = 4100;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const ZWhatsAppEnvSchema = z.object({
  WHATSAPP_GRAPH_URL: optionalString.pipe(z.string().url().optional()),
  WHATSAPP_API_VERSION: optionalString.pipe(
    z
      .string()
      .regex(/^v\d{2}\.0$/, "must look like v25.0")
      .optional(),
  ),
  WHATSAPP_ACCESS_TOKEN: optionalString,
  WHATSAPP_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_WABA_ID: optionalString,
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  SANDBOX_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number")
      .transform(Number)
      .optional(),
  ),
  SANDBOX_URL: optionalString.pipe(z.string().url().optional()),
  SANDBOX_WEBHOOK_URL: optionalString.pipe(z.string().url().optional()),
});

export interface TWhatsAppConfig {
  /** True when no access token is configured: everything talks to lib/sandbox. */
  sandboxMode: boolean;
  /** Graph host without version, e.g. https://graph.facebook.com or http://127.0.0.1:4100/graph. */
  graphUrl: string;
  apiVersion: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  appSecret: string;
  verifyToken: string;
  sandboxPort: number;
  sandboxUrl: string;
  /** Where the sandbox posts webhooks (the app's WhatsApp webhook route). */
  sandboxWebhookUrl: string;
}

export class WhatsAppConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WhatsAppConfigError";
  }
}

const stripSlash = (s: string) => s.replace(/\/+$/, "");

export function parseWhatsAppConfig(source: Record<string, string | undefined> = process.env): TWhatsAppConfig {
  const parsed = ZWhatsAppEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new WhatsAppConfigError(`Invalid WhatsApp configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const sandboxPort = e.SANDBOX_PORT ?? DEFAULT_SANDBOX_PORT;
  const sandboxUrl = stripSlash(e.SANDBOX_URL ?? `http://127.0.0.1:${sandboxPort}`);
  const sandboxWebhookUrl = e.SANDBOX_WEBHOOK_URL ?? `http://127.0.0.1:${source.PORT ?? 3000}/api/webhooks/whatsapp`;
  const apiVersion = e.WHATSAPP_API_VERSION ?? DEFAULT_GRAPH_VERSION;
  const common = { apiVersion, sandboxPort, sandboxUrl, sandboxWebhookUrl };

  if (!e.WHATSAPP_ACCESS_TOKEN) {
    return {
      ...common,
      sandboxMode: true,
      // An explicit WHATSAPP_GRAPH_URL still wins (e.g. a sandbox on another host).
      graphUrl: stripSlash(e.WHATSAPP_GRAPH_URL ?? `${sandboxUrl}/graph`),
      accessToken: SANDBOX_DEFAULTS.accessToken,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? SANDBOX_DEFAULTS.phoneNumberId,
      wabaId: e.WHATSAPP_WABA_ID ?? SANDBOX_DEFAULTS.wabaId,
      appSecret: e.WHATSAPP_APP_SECRET ?? SANDBOX_DEFAULTS.appSecret,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? SANDBOX_DEFAULTS.verifyToken,
    };
  }

  const missing = (["WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_WABA_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"] as const).filter(
    (k) => !e[k],
  );
  if (missing.length > 0) {
    throw new WhatsAppConfigError(
      `WHATSAPP_ACCESS_TOKEN is set, so the real Cloud API is used, but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set.`,
    );
  }
  return {
    ...common,
    sandboxMode: false,
    graphUrl: stripSlash(e.WHATSAPP_GRAPH_URL ?? DEFAULT_GRAPH_URL),
    accessToken: e.WHATSAPP_ACCESS_TOKEN,
    phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID!,
    wabaId: e.WHATSAPP_WABA_ID!,
    appSecret: e.WHATSAPP_APP_SECRET!,
    verifyToken: e.WHATSAPP_VERIFY_TOKEN!,
  };
}

let cached: TWhatsAppConfig | undefined;

/** The WhatsApp configuration of this process (parsed once). */
export function whatsappConfig(): TWhatsAppConfig {
  cached ??= parseWhatsAppConfig();
  return cached;
}

/** Tests change process.env and call this to re-read it. */
export function resetWhatsAppConfig(): void {
  cached = undefined;
}
