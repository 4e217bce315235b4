import { sendJson, route, type Route } from "../http";
import { requireUser } from "./auth";
import { FakeFrappeError } from "./errors";
import { runList } from "./list-query";
import type { FakeFrappeStore } from "./store";

export interface FrappeRouteContext {
  user: string;
}

/** `/api/resource/{DocType}[/{name}]` — v1 resource API (reference §1.2, §7.1). `/api/...` = `/api/v1/...`. */
export function resourceRoutes(store: FakeFrappeStore, who: (req: import("node:http").IncomingMessage) => string): Route[] {
  const routes: Route[] = [];
  for (const prefix of ["/api/resource", "/api/v1/resource"]) {
    routes.push(
      route("GET", `${prefix}/:doctype`, (ctx) => {
        const user = who(ctx.req);
        requireUser(user);
        const doctype = ctx.params.doctype!;
        store.checkPermission(user, doctype, "read");
        const q = ctx.url.searchParams;
        const data = runList([...store.table(doctype).values()], store.meta(doctype), {
          fields: q.get("fields") ?? undefined,
          filters: q.get("filters") ?? undefined,
          or_filters: q.get("or_filters") ?? undefined,
          order_by: q.get("order_by"),
          limit: q.get("limit"),
          limit_page_length: q.get("limit_page_length"),
          limit_start: q.get("limit_start") ?? q.get("start"),
        });
        sendJson(ctx.res, 200, { data });
      }),
      route("POST", `${prefix}/:doctype`, async (ctx) => {
        const user = who(ctx.req);
        requireUser(user);
        const doctype = ctx.params.doctype!;
        store.checkPermission(user, doctype, "write");
        const body = await jsonObject(ctx.json);
        sendJson(ctx.res, 200, { data: store.insert(doctype, body, user) });
      }),
      route("GET", `${prefix}/:doctype/:name`, (ctx) => {
        const user = who(ctx.req);
        requireUser(user);
        store.checkPermission(user, ctx.params.doctype!, "read");
        sendJson(ctx.res, 200, { data: store.get(ctx.params.doctype!, ctx.params.name!) });
      }),
      route("PUT", `${prefix}/:doctype/:name`, async (ctx) => {
        const user = who(ctx.req);
        requireUser(user);
        store.checkPermission(user, ctx.params.doctype!, "write");
        const body = await jsonObject(ctx.json);
        sendJson(ctx.res, 200, { data: store.update(ctx.params.doctype!, ctx.params.name!, body, user) });
      }),
      route("DELETE", `${prefix}/:doctype/:name`, (ctx) => {
        const user = who(ctx.req);
        requireUser(user);
        store.checkPermission(user, ctx.params.doctype!, "write");
        store.delete(ctx.params.doctype!, ctx.params.name!);
        sendJson(ctx.res, 202, { data: "ok" });
      }),
    );
  }
  return routes;
}

async function jsonObject(read: () => Promise<unknown>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await read();
  } catch {
    throw new FakeFrappeError(417, "ValidationError", "Invalid JSON body");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new FakeFrappeError(417, "ValidationError", "Body must be a JSON object");
  return body as Record<string, unknown>;
}
