import { respond } from "@/lib/api/respond";
import { createCannedResponseRoute, listCannedResponsesRoute } from "@/lib/api/routes/canned-responses";
import { route } from "@/lib/core/route";
import { createCannedResponse, listCannedResponses } from "@/lib/templates/canned-responses";

export const GET = route(listCannedResponsesRoute, async ({ principal }) =>
  respond(listCannedResponsesRoute, { data: await listCannedResponses({ workspaceId: principal.workspaceId }) }),
);

export const POST = route(createCannedResponseRoute, async ({ principal, body }) =>
  respond(createCannedResponseRoute, await createCannedResponse({ workspaceId: principal.workspaceId, userId: principal.userId, ...body })),
);
