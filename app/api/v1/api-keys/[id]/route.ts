import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { revokeApiKeyRoute } from "@/lib/api/routes/api-keys";
import { route } from "@/lib/core/route";

export const DELETE = route(revokeApiKeyRoute, async ({ principal, params, req }) =>
  respond(revokeApiKeyRoute, await revokeApiKey({ workspaceId: principal.workspaceId, apiKeyId: params.id, actor: actorOf(principal, req) })),
);
