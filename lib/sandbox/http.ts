import type { IncomingMessage, ServerResponse } from "node:http";

/** Minimal HTTP plumbing for the sandbox (no framework: it must behave like Meta on the wire). */
export const MAX_BODY_BYTES = 110 * 1024 * 1024; // documents up to 100 MB plus multipart overhead

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, contentType: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": bytes.length });
  res.end(bytes);
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  body: () => Promise<Buffer>;
  json: () => Promise<unknown>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

export interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

/** `route("GET", "/control/users/:key", h)` — `:name` matches one path segment. */
export function route(method: string, path: string, handler: RouteHandler): Route {
  const keys: string[] = [];
  const pattern = new RegExp(
    "^" +
      path.replace(/\/:([a-zA-Z]+)/g, (_, k: string) => {
        keys.push(k);
        return "/([^/]+)";
      }) +
      "/?$",
  );
  return { method, pattern, keys, handler };
}

export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | "method" | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
    return { route: r, params };
  }
  return pathMatched ? "method" : null;
}

export function makeContext(req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>): RouteContext {
  let cached: Promise<Buffer> | undefined;
  const body = () => (cached ??= readBody(req));
  return {
    req,
    res,
    url,
    params,
    body,
    json: async () => {
      const b = await body();
      if (b.length === 0) return {};
      return JSON.parse(b.toString("utf8"));
    },
  };
}
