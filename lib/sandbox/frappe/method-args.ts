import type { RouteContext } from "../http";

/** Frappe method kwargs: query string, then a JSON or form-urlencoded body (reference §1.4). */
export async function methodArgs(ctx: RouteContext): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = Object.fromEntries(ctx.url.searchParams.entries());
  if (ctx.req.method === "GET") return args;
  const raw = (await ctx.body()).toString("utf8");
  if (!raw) return args;
  const type = String(ctx.req.headers["content-type"] ?? "");
  if (type.includes("application/json")) {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object") Object.assign(args, parsed);
  } else {
    for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  }
  return args;
}

export function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
