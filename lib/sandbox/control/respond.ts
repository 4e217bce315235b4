import type { z } from "zod";
import type { RouteContext } from "../http";
import { sendJson } from "../http";

/** Control-API errors use the app's own error body shape `{ error: { code, message, details? } }`. */
export function badRequest(ctx: RouteContext, message: string, details?: unknown): void {
  sendJson(ctx.res, 400, { error: { code: "INVALID_INPUT", message, ...(details !== undefined ? { details } : {}) } });
}

export function notFound(ctx: RouteContext, message: string): void {
  sendJson(ctx.res, 404, { error: { code: "NOT_FOUND", message } });
}

/** Parse a JSON body with a zod schema; on failure answer 400 naming the fields and return undefined. */
export async function parseBody<S extends z.ZodType>(ctx: RouteContext, schema: S): Promise<z.infer<S> | undefined> {
  let json: unknown;
  try {
    json = await ctx.json();
  } catch {
    badRequest(ctx, "Malformed JSON body");
    return undefined;
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    badRequest(
      ctx,
      r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
      r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
    return undefined;
  }
  return r.data;
}
