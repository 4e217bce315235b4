import { respond } from "@/lib/api/respond";
import { retryMessageRoute } from "@/lib/api/routes/messages";
import { route } from "@/lib/core/route";
import { retryMessage } from "@/lib/messages/retry-message";

export const POST = route(retryMessageRoute, async ({ principal, params }) =>
  respond(retryMessageRoute, await retryMessage({ workspaceId: principal.workspaceId, id: params.id })),
);
