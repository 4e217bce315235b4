import { z } from "zod";
import { ZHealthSchema } from "../health.schema";
import { defineApiRoute } from "../openapi";

const tags = ["system"];
export const healthRoute = defineApiRoute({ method: "GET", path: "/api/health", summary: "Health: 200 when the database answers, 503 otherwise", tags, auth: "public", response: ZHealthSchema, alsoReturns: [503] });
export const openApiRoute = defineApiRoute({ method: "GET", path: "/api/v1/openapi.json", summary: "This OpenAPI 3.1 document", tags, auth: "public", response: z.looseObject({ openapi: z.string() }) });
