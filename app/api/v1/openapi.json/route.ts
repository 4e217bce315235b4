import { buildOpenApiDocument } from "@/lib/api/openapi";
import { openApiRoute } from "@/lib/api/routes/system";
import "@/lib/api/v1-routes";
import { json, route } from "@/lib/core/route";
import pkg from "@/package.json";

export const GET = route(openApiRoute, async () =>
  json(buildOpenApiDocument({ version: pkg.version }), 200, { "cache-control": "public, max-age=60" }),
);
