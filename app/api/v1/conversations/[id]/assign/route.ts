import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { assignConversationRoute } from "@/lib/api/routes/conversations";
import { assignConversation } from "@/lib/conversations/assign-conversation";
import { route } from "@/lib/core/route";

export const POST = route(assignConversationRoute, async ({ principal, params, body, req }) =>
  respond(assignConversationRoute, await assignConversation({ workspaceId: principal.workspaceId, id: params.id, assigneeId: body.assigneeId, actor: actorOf(principal, req) })),
);
