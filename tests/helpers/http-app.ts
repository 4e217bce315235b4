import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { env } from "@/lib/core/env";

/**
 * A real HTTP server over the app's own route handlers (app/api/**\/route.ts), for integration
 * tests: requests go through sockets, headers and bodies exactly as in production, into the same
 * exported GET/POST/... functions Next.js calls. Page rendering and next-auth's own routes need
 * Next.js and are covered by the e2e suite instead.
 */
export interface HttpApp {
  url: string;
  close(): Promise<void>;
}

interface RouteEntry {
  pattern: RegExp;
  names: string[];
  file: string;
}

const ROOT = path.resolve(__dirname, "../..");

function discoverRoutes(dir = path.join(ROOT, "app", "api")): RouteEntry[] {
  const out: RouteEntry[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/^route\.tsx?$/.test(entry.name)) out.push(toEntry(p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  // Static segments before dynamic ones, like Next.js.
  return out.sort((a, b) => score(b) - score(a));
}

function toEntry(file: string): RouteEntry {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const names: string[] = [];
  const parts = rel
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((seg) => {
      let m = /^\[\[\.\.\.(\w+)\]\]$/.exec(seg);
      if (m) {
        names.push(m[1]);
        return "(?:/(.*))?";
      }
      m = /^\[\.\.\.(\w+)\]$/.exec(seg);
      if (m) {
        names.push(m[1]);
        return "/(.+)";
      }
      m = /^\[(\w+)\]$/.exec(seg);
      if (m) {
        names.push(m[1]);
        return "/([^/]+)";
      }
      return "/" + seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
  return { pattern: new RegExp("^" + parts.join("") + "/?$"), names, file };
}

function score(r: RouteEntry): number {
  return r.pattern.source.length - r.names.length * 100;
}

export async function startHttpApp(): Promise<HttpApp> {
  const routes = discoverRoutes();
  const server = http.createServer(async (nodeReq, nodeRes) => {
    try {
      const url = new URL(nodeReq.url ?? "/", "http://127.0.0.1");
      const match = routes
        .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
        .find((x) => x.m !== null);
      if (!match) {
        nodeRes.writeHead(404, { "content-type": "application/json" });
        nodeRes.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "No such route" } }));
        return;
      }
      const mod = (await import(match.r.file)) as Record<string, unknown>;
      const handler = mod[nodeReq.method ?? "GET"] as
        | ((req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>)
        | undefined;
      if (!handler) {
        nodeRes.writeHead(405, { "content-type": "application/json" });
        nodeRes.end(JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "Method not allowed" } }));
        return;
      }
      const params: Record<string, string | string[]> = {};
      match.r.names.forEach((n, i) => {
        const v = match.m![i + 1];
        if (v !== undefined) params[n] = match.r.pattern.source.includes("(.+)") || match.r.pattern.source.includes("(.*)") ? v.split("/").map(decodeURIComponent) : decodeURIComponent(v);
      });
      const headers = new Headers();
      for (const [k, v] of Object.entries(nodeReq.headers)) {
        if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
        else if (v !== undefined) headers.set(k, v);
      }
      const hasBody = nodeReq.method !== "GET" && nodeReq.method !== "HEAD";
      const abort = new AbortController();
      nodeRes.on("close", () => abort.abort());
      const req = new Request(new URL(nodeReq.url ?? "/", `http://${nodeReq.headers.host ?? "127.0.0.1"}`), {
        method: nodeReq.method,
        headers,
        body: hasBody ? (nodeReq as unknown as ReadableStream) : undefined,
        // @ts-expect-error Node's fetch needs duplex for streamed bodies.
        duplex: hasBody ? "half" : undefined,
        signal: abort.signal,
      });
      const res = await handler(req, { params: Promise.resolve(params) });
      const outHeaders: Record<string, string | string[]> = {};
      res.headers.forEach((v, k) => {
        if (k === "set-cookie") return;
        outHeaders[k] = v;
      });
      // A handler may answer (e.g. 413) without reading the whole body; close the connection so
      // the unread bytes don't poison the next request on a kept-alive socket.
      if (hasBody && !nodeReq.readableEnded) outHeaders["connection"] = "close";
      const cookies = res.headers.getSetCookie();
      if (cookies.length) outHeaders["set-cookie"] = cookies;
      nodeRes.writeHead(res.status, outHeaders);
      if (!res.body) {
        nodeRes.end();
        return;
      }
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!nodeRes.write(value)) await new Promise((r) => nodeRes.once("drain", r));
      }
      nodeRes.end();
    } catch (err) {
      if (!nodeRes.headersSent) {
        nodeRes.writeHead(500, { "content-type": "application/json" });
        nodeRes.end(JSON.stringify({ error: { code: "INTERNAL", message: String(err) } }));
      } else nodeRes.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A real next-auth session cookie (encrypted JWT) for a user, as the sign-in flow would set. */
export async function sessionCookie(user: { id: string; email: string; name: string; role: string; workspaceId: string }): Promise<string> {
  const token = await encode({
    secret: env().nextAuthSecret,
    token: { sub: user.id, uid: user.id, email: user.email, name: user.name, role: user.role as "admin", workspaceId: user.workspaceId },
  });
  return `next-auth.session-token=${token}`;
}
