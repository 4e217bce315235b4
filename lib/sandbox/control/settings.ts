import { z } from "zod";
import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import { FAILURE_MODES } from "../store";
import { parseBody } from "./respond";

/** Failure injection, webhook delivery knobs, the fake clock and reset. */
export const ZFailureSchema = z.object({ mode: z.enum(FAILURE_MODES), count: z.number().int().min(1).max(1000).optional() }).strict();

export async function addFailure(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const input = await parseBody(ctx, ZFailureSchema);
  if (!input) return;
  for (let i = 0; i < (input.count ?? 1); i++) sb.store.failures.push(input.mode);
  sendJson(ctx.res, 200, { failures: sb.store.failures });
}

export function clearFailures(sb: SandboxContext, ctx: RouteContext): void {
  sb.store.failures = [];
  sendJson(ctx.res, 200, { failures: [] });
}

export const ZWebhookSettingsSchema = z
  .object({
    url: z.string().url().optional(),
    duplicateNext: z.number().int().min(0).optional(),
    duplicateAll: z.boolean().optional(),
    reorderStatuses: z.boolean().optional(),
    retryBaseMs: z.number().int().min(1).max(3_600_000).optional(),
    maxAttempts: z.number().int().min(1).max(50).optional(),
    requestTimeoutMs: z.number().int().min(100).max(60_000).optional(),
    autoDeliver: z.boolean().optional(),
    windowEnforcement: z.enum(["async", "sync"]).optional(),
    mediaUrlTtlMs: z.number().int().min(1).optional(),
  })
  .strict();

export function webhookSettingsView(sb: SandboxContext): Record<string, unknown> {
  const o = sb.store.options;
  return { ...sb.store.webhook, url: o.webhookUrl, windowEnforcement: o.windowEnforcement, mediaUrlTtlMs: o.mediaUrlTtlMs };
}

export async function updateWebhookSettings(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const input = await parseBody(ctx, ZWebhookSettingsSchema);
  if (!input) return;
  const { url, windowEnforcement, mediaUrlTtlMs, ...webhook } = input;
  Object.assign(sb.store.webhook, webhook);
  if (url) sb.store.options.webhookUrl = url;
  if (windowEnforcement) sb.store.options.windowEnforcement = windowEnforcement;
  if (mediaUrlTtlMs) sb.store.options.mediaUrlTtlMs = mediaUrlTtlMs;
  sendJson(ctx.res, 200, webhookSettingsView(sb));
}

export function listDeliveries(sb: SandboxContext, ctx: RouteContext): void {
  sendJson(ctx.res, 200, { data: sb.store.deliveries });
}

export async function verifyWebhook(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  sendJson(ctx.res, 200, await sb.sender.verifyEndpoint());
}

export const ZClockSchema = z.object({ advanceMs: z.number().int().min(0) }).strict();

export async function advanceClock(sb: SandboxContext, ctx: RouteContext): Promise<void> {
  const input = await parseBody(ctx, ZClockSchema);
  if (!input) return;
  sb.store.advanceClock(input.advanceMs);
  sendJson(ctx.res, 200, { now: new Date(sb.store.now()).toISOString(), offsetMs: sb.store.clockOffsetMs });
}

export function reset(sb: SandboxContext, ctx: RouteContext): void {
  sb.store.reset();
  sendJson(ctx.res, 200, { ok: true });
}

export function listTemplatesControl(sb: SandboxContext, ctx: RouteContext): void {
  sendJson(ctx.res, 200, { data: sb.store.templates });
}
