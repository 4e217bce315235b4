import { respond } from "@/lib/api/respond";
import { getCallRoute } from "@/lib/api/routes/calls";
import { getCall } from "@/lib/calls/get-call";
import { route } from "@/lib/core/route";

export const GET = route(getCallRoute, async ({ principal, params }) => respond(getCallRoute, await getCall({ workspaceId: principal.workspaceId, id: params.id })));
