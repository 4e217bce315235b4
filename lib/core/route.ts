import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ApiKeyScope } from "@/lib/auth/api-key-format";
import { authorize, getPrincipal, type Principal } from "@/lib/auth/principal";
import type { Permission } from "@/lib/auth/roles";
import { AppError } from "./app-error";
import { env } from "./env";
import { logger, type Logger } from "./logger";

/**
 * The one wrapper for route handlers (cal.com's defaultResponderForAppDir, in our shape):
 * principal lookup (API key or session), role + scope checks, zod parsing of params, query and
 * JSON body (size-limited, unknown fields rejected), AppError → `{ error: { code, message, details? } }`,
 * request id and timing in the logs. Handlers parse, call one use-case and return a DTO.
 */
type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteConfig<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  /** "public": no principal needed (webhooks, health). Default "required". */
  auth?: "public" | "required";
  permission?: Permission;
  /** API-key scope; default "read" for GET/HEAD, "write" otherwise. */
  scope?: ApiKeyScope;
  params?: P;
  query?: Q;
  body?: B;
  maxBodyBytes?: number;
}

export interface RouteContext<P, Q, B, A extends "public" | "required" | undefined> {
  req: Request;
  principal: A extends "public" ? Principal | null : Principal;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  log: Logger;
}

export type NextRouteHandler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  A extends "public" | "required" | undefined = undefined,
>(
  config: RouteConfig<P, Q, B> & { auth?: A },
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>, A>) => Promise<Response | unknown>,
): NextRouteHandler {
  return async (req, nextCtx) => {
    const started = performance.now();
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    const url = new URL(req.url);
    const log = logger.child({ requestId, method: req.method, path: url.pathname });
    let status = 500;
    try {
      const principal = await getPrincipal(req);
      if (config.auth !== "public") {
        const scope = config.scope ?? (req.method === "GET" || req.method === "HEAD" ? "read" : "write");
        authorize(principal, config.permission, scope);
      }
      const rawParams = nextCtx?.params ? await nextCtx.params : {};
      const params = config.params ? parseOrThrow(config.params, rawParams, "path") : undefined;
      const query = config.query ? parseOrThrow(config.query, Object.fromEntries(url.searchParams), "query") : undefined;
      const body = config.body ? parseOrThrow(config.body, await readJson(req, config.maxBodyBytes), "body") : undefined;
      const result = await handler({
        req,
        principal: principal as RouteContext<Out<P>, Out<Q>, Out<B>, A>["principal"],
        params: params as Out<P>,
        query: query as Out<Q>,
        body: body as Out<B>,
        requestId,
        log,
      });
      const res = result instanceof Response ? result : json(result ?? { ok: true });
      status = res.status;
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (err) {
      const appErr = toAppError(err);
      status = appErr.status;
      if (status >= 500) log.error({ err }, "request failed");
      const res = json(appErr.toBody(), status);
      res.headers.set("x-request-id", requestId);
      return res;
    } finally {
      log.debug({ status, ms: Math.round(performance.now() - started) }, "request");
    }
  };
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return new AppError("INVALID_INPUT", { details: zodDetails(err, "body") });
  return new AppError("INTERNAL", { message: err instanceof Error ? err.message : String(err), cause: err });
}

/** Reads a JSON body with a byte limit. Empty body → {} (so schemas with all-optional fields work). */
export async function readJson(req: Request, maxBytes = env().MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(req, maxBytes);
  if (!text.trim()) return {};
  const type = req.headers.get("content-type") ?? "";
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { userMessage: "Send the body as application/json." });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError("INVALID_INPUT", {
      userMessage: `Malformed JSON: ${err instanceof Error ? err.message : "parse error"}`,
      details: [{ field: "(body)", message: "Malformed JSON" }],
    });
  }
}

/** Reads the raw body as text with a byte limit (webhooks verify signatures over these bytes). */
export async function readText(req: Request, maxBytes = env().MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBytes(req, maxBytes));
}

export async function readBytes(req: Request, maxBytes = env().MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", { userMessage: `The request body is larger than ${maxBytes} bytes.` });
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const details = zodDetails(r.error, where);
    throw new AppError("INVALID_INPUT", {
      userMessage: details.map((d) => `${d.field}: ${d.message}`).join("; "),
      details,
    });
  }
  return r.data;
}

/** Zod issues → `[{ field, message }]`, naming unknown fields too. */
export function zodDetails(error: z.ZodError, where: string): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ field: base ? `${base}.${key}` : key, message: "Unknown field" });
      }
    } else {
      out.push({ field: base || `(${where})`, message: issue.message });
    }
  }
  return out;
}
