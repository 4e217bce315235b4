import type { SandboxContext } from "../context";
import type { RouteContext } from "../http";
import { sendJson } from "../http";
import type { TSimTemplate } from "../store";
import { graphErrors, sendGraphError } from "./errors";

/**
 * `GET /{waba-id}/message_templates?fields=…&status=…&limit=…&after=…` (reference §3.3):
 * `{ data: [...], paging: { cursors: { before, after }, next? } }`.
 */
export function listTemplates(sb: SandboxContext, ctx: RouteContext): void {
  const { store } = sb;
  if (ctx.params.id !== store.options.wabaId) return sendGraphError(ctx.res, graphErrors.unsupportedRequest("GET", ctx.params.id!));
  const q = ctx.url.searchParams;
  const limit = Math.min(Math.max(Number(q.get("limit") ?? 25) || 25, 1), 1000);
  const status = q.get("status")?.toUpperCase();
  const name = q.get("name");
  const fields = q.get("fields")?.split(",").map((f) => f.trim()).filter(Boolean);
  let list = store.templates;
  if (status) list = list.filter((t) => t.status === status);
  if (name) list = list.filter((t) => t.name.includes(name));
  const after = q.get("after");
  const start = after ? Number(Buffer.from(after, "base64url").toString("utf8")) || 0 : 0;
  const page = list.slice(start, start + limit);
  const pick = (t: TSimTemplate): Record<string, unknown> => {
    if (!fields || fields.length === 0) return { ...t };
    const out: Record<string, unknown> = { id: t.id };
    for (const f of fields) if (f in t) out[f] = (t as unknown as Record<string, unknown>)[f];
    return out;
  };
  const cursor = (i: number) => Buffer.from(String(i)).toString("base64url");
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
  if (start + page.length < list.length) {
    const next = new URL(ctx.url.toString());
    next.searchParams.set("after", cursor(start + page.length));
    next.host = new URL(store.options.publicUrl).host;
    paging.next = next.toString();
  }
  sendJson(ctx.res, 200, { data: page.map(pick), paging });
}
