import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { getConversationRoute, updateConversationRoute } from "@/lib/api/routes/conversations";
import { getConversation } from "@/lib/conversations/get-conversation";
import { updateConversationLabels } from "@/lib/conversations/update-conversation-labels";
import { route } from "@/lib/core/route";

export const GET = route(getConversationRoute, async ({ principal, params }) =>
  respond(getConversationRoute, await getConversation({ workspaceId: principal.workspaceId, id: params.id })),
);

export const PATCH = route(updateConversationRoute, async ({ principal, params, body, req }) =>
  respond(updateConversationRoute, await updateConversationLabels({ workspaceId: principal.workspaceId, id: params.id, labels: body.labels, actor: actorOf(principal, req) })),
);
