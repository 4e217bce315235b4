import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { createApiKeyRoute, listApiKeysRoute } from "@/lib/api/routes/api-keys";
import { route } from "@/lib/core/route";

export const GET = route(listApiKeysRoute, async ({ principal }) =>
  respond(listApiKeysRoute, { data: await listApiKeys({ workspaceId: principal.workspaceId }) }),
);

export const POST = route(createApiKeyRoute, async ({ principal, body, req }) =>
  respond(createApiKeyRoute, await createApiKey({ workspaceId: principal.workspaceId, actor: actorOf(principal, req), input: body })),
);
