import { respond } from "@/lib/api/respond";
import { listCallsRoute, startCallRoute } from "@/lib/api/routes/calls";
import { findCalls } from "@/lib/calls/find-calls";
import { startOutboundCall } from "@/lib/calls/start-outbound-call";
import { route } from "@/lib/core/route";

export const GET = route(listCallsRoute, async ({ principal, query }) => respond(listCallsRoute, await findCalls({ workspaceId: principal.workspaceId, query })));

export const POST = route(startCallRoute, async ({ principal, body }) =>
  respond(startCallRoute, (await startOutboundCall({ workspaceId: principal.workspaceId, agentId: body.agentId, contactId: body.contactId })).call),
);
