import { z } from "zod";

/**
 * Configuration of the Claude engine, read from the environment. Kept here (not in lib/core/env.ts)
 * so the bot domain owns it; the variables are documented in the README table next to the others.
 *
 * ANTHROPIC_BASE_URL is handed to the SDK as `baseURL` (the SDK appends `/v1/messages`), which is
 * how tests and the demo point it at the fake Messages API in lib/sandbox/anthropic.
 */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

export const ZClaudeConfigSchema = z.object({
  ANTHROPIC_API_KEY: optionalString,
  /** Any model id the API accepts; the SDK's `Model` type lists the current ones ("claude-sonnet-4-5", "claude-haiku-4-5"…). */
  ANTHROPIC_MODEL: optionalString.transform((v) => v ?? DEFAULT_ANTHROPIC_MODEL),
  ANTHROPIC_BASE_URL: optionalString.pipe(z.url().optional()),
  /** Per HTTP attempt; the SDK retries timeouts too, so a turn can take up to (retries + 1) × this. */
  ANTHROPIC_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** SDK retries on 408/409/429/5xx/529 and connection errors, with backoff honouring `retry-after`. */
  ANTHROPIC_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
});

export interface TClaudeConfig {
  apiKey: string | undefined;
  model: string;
  baseURL: string | undefined;
  timeoutMs: number;
  maxRetries: number;
}

export function readClaudeConfig(source: Record<string, string | undefined> = process.env): TClaudeConfig {
  const e = ZClaudeConfigSchema.parse({
    ANTHROPIC_API_KEY: source.ANTHROPIC_API_KEY,
    ANTHROPIC_MODEL: source.ANTHROPIC_MODEL,
    ANTHROPIC_BASE_URL: source.ANTHROPIC_BASE_URL,
    ANTHROPIC_TIMEOUT_MS: source.ANTHROPIC_TIMEOUT_MS || undefined,
    ANTHROPIC_MAX_RETRIES: source.ANTHROPIC_MAX_RETRIES || undefined,
  });
  return {
    apiKey: e.ANTHROPIC_API_KEY,
    model: e.ANTHROPIC_MODEL,
    baseURL: e.ANTHROPIC_BASE_URL,
    timeoutMs: e.ANTHROPIC_TIMEOUT_MS,
    maxRetries: e.ANTHROPIC_MAX_RETRIES,
  };
}
