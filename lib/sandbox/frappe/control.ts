import { z } from "zod";
import { route, sendJson, type Route } from "../http";
import type { FakeFrappeStore } from "./store";
import type { FrappeWebhookSender } from "./webhook-sender";

/**
 * Test and demo knobs (not part of Frappe): reset to the seed, inject faults (5xx, 429 with
 * Retry-After, a failure after the write was committed), go down (503) and come back, latency,
 * OAuth token lifetime and expiry, webhook target, and read-only views of documents, webhook
 * deliveries and the request log.
 */
const ZFaultSchema = z.object({
  status: z.number().int().min(400).max(599),
  count: z.number().int().min(1).default(1),
  retryAfterSec: z.number().int().min(0).optional(),
  pathIncludes: z.string().optional(),
  method: z.string().optional(),
  afterCommit: z.boolean().optional(),
});

export function controlRoutes(store: FakeFrappeStore, sender: FrappeWebhookSender, hooks: { down(mode: "503" | "refuse"): Promise<void>; up(): Promise<void> }): Route[] {
  return [
    route("POST", "/control/reset", (ctx) => {
      store.reset();
      sender.deliveries = [];
      sendJson(ctx.res, 200, { ok: true });
    }),
    route("POST", "/control/faults", async (ctx) => {
      const f = ZFaultSchema.parse(await ctx.json());
      store.faults.push({ status: f.status, remaining: f.count, retryAfterSec: f.retryAfterSec, pathIncludes: f.pathIncludes, method: f.method, afterCommit: f.afterCommit });
      sendJson(ctx.res, 200, { faults: store.faults });
    }),
    route("DELETE", "/control/faults", (ctx) => {
      store.faults = [];
      sendJson(ctx.res, 200, { faults: [] });
    }),
    route("POST", "/control/down", async (ctx) => {
      const body = z.object({ mode: z.enum(["503", "refuse"]).default("503") }).parse(await ctx.json());
      sendJson(ctx.res, 200, { down: body.mode });
      await hooks.down(body.mode);
    }),
    route("POST", "/control/up", async (ctx) => {
      await hooks.up();
      sendJson(ctx.res, 200, { down: false });
    }),
    route("POST", "/control/settings", async (ctx) => {
      const body = z
        .object({
          latencyMs: z.number().int().min(0).max(60_000).optional(),
          tokenTtlSec: z.number().int().min(1).optional(),
          webhookUrl: z.string().url().nullable().optional(),
          webhookSecret: z.string().optional(),
          webhookRetryDelaysMs: z.array(z.number().int().min(0)).optional(),
          appUrl: z.string().url().optional(),
        })
        .strict()
        .parse(await ctx.json());
      Object.assign(store.options, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
      sendJson(ctx.res, 200, { options: store.options });
    }),
    route("POST", "/control/oauth/expire", async (ctx) => {
      const body = z.object({ user: z.string().optional() }).parse(await ctx.json());
      sendJson(ctx.res, 200, { expired: store.expireAccessTokens(body.user) });
    }),
    route("GET", "/control/docs/:doctype", (ctx) => sendJson(ctx.res, 200, { data: [...store.table(ctx.params.doctype!).values()] })),
    route("GET", "/control/webhooks", (ctx) => sendJson(ctx.res, 200, { data: sender.deliveries })),
    route("GET", "/control/requests", (ctx) => sendJson(ctx.res, 200, { data: store.requestLog })),
  ];
}
