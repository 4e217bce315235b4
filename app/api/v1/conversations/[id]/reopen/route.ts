import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { reopenConversationRoute } from "@/lib/api/routes/conversations";
import { reopenConversation } from "@/lib/conversations/reopen-conversation";
import { route } from "@/lib/core/route";

export const POST = route(reopenConversationRoute, async ({ principal, params, req }) =>
  respond(reopenConversationRoute, await reopenConversation({ workspaceId: principal.workspaceId, id: params.id, actor: actorOf(principal, req) })),
);
