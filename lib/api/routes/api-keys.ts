import { ZApiKeyIdParamsSchema, ZApiKeyListSchema, ZApiKeySchema, ZCreateApiKeySchema, ZCreatedApiKeySchema } from "@/lib/api-keys/api-key.schema";
import { defineApiRoute } from "../openapi";

const tags = ["api-keys"];
export const listApiKeysRoute = defineApiRoute({ method: "GET", path: "/api/v1/api-keys", summary: "List API keys (never the keys themselves)", tags, permission: "apikeys:manage", scope: "admin", response: ZApiKeyListSchema });
export const createApiKeyRoute = defineApiRoute({ method: "POST", path: "/api/v1/api-keys", summary: "Create an API key; the full key is in this response only", tags, permission: "apikeys:manage", scope: "admin", body: ZCreateApiKeySchema, response: ZCreatedApiKeySchema, status: 201 });
export const revokeApiKeyRoute = defineApiRoute({ method: "DELETE", path: "/api/v1/api-keys/{id}", summary: "Revoke an API key (idempotent)", tags, permission: "apikeys:manage", scope: "admin", params: ZApiKeyIdParamsSchema, response: ZApiKeySchema });
