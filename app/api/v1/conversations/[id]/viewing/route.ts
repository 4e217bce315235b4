import { respond } from "@/lib/api/respond";
import { viewingRoute } from "@/lib/api/routes/conversations";
import { heartbeatViewing } from "@/lib/conversations/heartbeat-viewing";
import { route } from "@/lib/core/route";

export const POST = route(viewingRoute, async ({ principal, params }) =>
  respond(viewingRoute, await heartbeatViewing({ workspaceId: principal.workspaceId, id: params.id, principal })),
);
