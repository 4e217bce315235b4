import { z } from "zod";
import type { ApiKeyScope } from "@/lib/auth/api-key-format";
import { PERMISSIONS, type Permission } from "@/lib/auth/roles";

/**
 * The REST API's route registry and the OpenAPI 3.1 document built from it.
 *
 * Each route is declared once with `defineApiRoute({...})` in lib/api/routes/<area>.ts, next to the
 * zod schemas it uses. The same object is passed to `route()` (lib/core/route.ts) by the route
 * handler, so what is documented is exactly what is validated: the permission, the API-key scope,
 * the params/query/body schemas, and (through `respond()`) the response schema.
 *
 * This module is pure (zod + types only) so the document can be built anywhere, including tests.
 */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiRouteDef {
  method: HttpMethod;
  /** OpenAPI path template, e.g. "/api/v1/users/{id}" (Next's `[id]` folder). */
  path: string;
  summary: string;
  description?: string;
  tags?: readonly string[];
  /** "public": no credentials (health, the document itself). Default "required". */
  auth?: "public" | "required";
  permission?: Permission;
  /** API-key scope; default "read" for GET, "write" otherwise (as route() decides). */
  scope?: ApiKeyScope;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  maxBodyBytes?: number;
  /** The success body. `respond()` parses the handler's result with it. */
  response: z.ZodType;
  /** Success status; default 200. */
  status?: number;
  /** Extra error statuses this route can answer besides the ones derived from its config (e.g. 409). */
  errors?: readonly number[];
  /** Statuses that answer with the success schema besides `status` (health: 503). */
  alsoReturns?: readonly number[];
}

const globalForRegistry = globalThis as unknown as { __apiRoutes?: Map<string, ApiRouteDef> };
const registry = (globalForRegistry.__apiRoutes ??= new Map<string, ApiRouteDef>());

/**
 * Registers a route (one line per route) and returns it unchanged, typed precisely enough for
 * `route(def, handler)` to infer the parsed params/query/body types. Re-registration (dev reloads)
 * replaces the previous entry.
 */
export function defineApiRoute<const D extends ApiRouteDef>(def: D): DefinedApiRoute<D> {
  const defined = { ...def, auth: def.auth ?? "required" } as unknown as DefinedApiRoute<D>;
  registry.set(routeKey(def.method, def.path), defined);
  return defined;
}

/** `auth` is always set, which also lets `route(def, …)` type the principal as non-null. */
export type DefinedApiRoute<D extends ApiRouteDef> = Omit<D, "auth"> & {
  auth: D extends { auth: "public" } ? "public" : "required";
};

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export function registeredRoutes(): ApiRouteDef[] {
  return [...registry.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The body of every API error (lib/core/app-error.ts `toBody()`). */
export const ZErrorBodySchema = z.object({
  error: z.object({
    code: z.string().describe("Machine-readable code: INVALID_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, …"),
    message: z.string().describe("Safe to show to a person."),
    details: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe("For INVALID_INPUT: one entry per field, unknown fields included."),
  }),
});

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (malformed JSON, unknown or invalid fields; `details` names them)",
  401: "No valid session or API key",
  403: "The role or the API key's scope does not allow this",
  404: "Not found (also for rows of another workspace)",
  409: "Conflicts with the current state",
  413: "Body too large",
  415: "Body is not application/json",
  500: "Internal error",
  503: "Unavailable",
};

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** Path or query parameters from an object schema. */
function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const s = toSchema(schema, "input");
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, p]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(typeof p.description === "string" ? { description: p.description } : {}),
    schema: p,
  }));
}

function errorStatuses(def: ApiRouteDef): number[] {
  const s = new Set<number>(def.errors ?? []);
  if (def.params || def.query || def.body) s.add(400);
  if (def.auth !== "public") {
    s.add(401);
    s.add(403);
  }
  if (def.params) s.add(404);
  if (def.body) {
    s.add(413);
    s.add(415);
  }
  return [...s].sort();
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, JsonSchema>>;
  components: JsonSchema;
  security: JsonSchema[];
}

export function buildOpenApiDocument(options: { version: string; routes?: ApiRouteDef[] }): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const def of options.routes ?? registeredRoutes()) {
    const scope = def.scope ?? (def.method === "GET" ? "read" : "write");
    const who = def.permission ? (PERMISSIONS[def.permission] as readonly string[]).join(", ") : "any signed-in role";
    const access =
      def.auth === "public"
        ? "Public: no credentials needed."
        : `Roles: ${who}${def.permission ? ` (\`${def.permission}\`)` : ""}. API keys need the \`${scope}\` scope.`;
    const responses: Record<string, JsonSchema> = {
      [String(def.status ?? 200)]: {
        description: "Success",
        content: { "application/json": { schema: toSchema(def.response, "output") } },
      },
    };
    for (const st of def.alsoReturns ?? []) {
      responses[String(st)] = {
        description: ERROR_TEXT[st] ?? "See schema",
        content: { "application/json": { schema: toSchema(def.response, "output") } },
      };
    }
    for (const st of errorStatuses(def)) {
      responses[String(st)] ??= { $ref: `#/components/responses/E${st}` };
    }
    const op: JsonSchema = {
      operationId: operationId(def),
      summary: def.summary,
      description: [def.description, access].filter(Boolean).join("\n\n"),
      tags: def.tags ? [...def.tags] : [def.path.split("/")[3] ?? "system"],
      parameters: [...parameters(def.params, "path"), ...parameters(def.query, "query")],
      responses,
      security: def.auth === "public" ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
      ...(def.permission ? { "x-permission": def.permission } : {}),
      ...(def.auth === "public" ? {} : { "x-api-key-scope": scope }),
    };
    if (def.body) {
      op.requestBody = { required: true, content: { "application/json": { schema: toSchema(def.body, "input") } } };
    }
    (paths[def.path] ??= {})[def.method.toLowerCase()] = op;
  }

  const errorResponses: Record<string, JsonSchema> = {};
  for (const [st, text] of Object.entries(ERROR_TEXT)) {
    errorResponses[`E${st}`] = {
      description: text,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "WhatsApp contact centre API",
      version: options.version,
      description:
        "REST API v1. Authenticate with `Authorization: Bearer <API key>` (created by an admin, scopes read/write/admin) " +
        "or the browser session cookie. Every error has the body `{ error: { code, message, details? } }`. " +
        "Unknown fields in a body are rejected (400, named in `details`).",
    },
    paths,
    components: {
      schemas: { Error: toSchema(ZErrorBodySchema, "output") },
      responses: errorResponses,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "wcc_…", description: "An API key." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session (`__Secure-next-auth.session-token` over HTTPS).",
        },
      },
    },
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  };
}

function operationId(def: ApiRouteDef): string {
  const words = def.path
    .replace(/^\/api\/(v1\/)?/, "")
    .split(/[/.\-{}]+/)
    .filter(Boolean);
  return def.method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
