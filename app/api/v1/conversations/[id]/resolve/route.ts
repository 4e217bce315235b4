import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { resolveConversationRoute } from "@/lib/api/routes/conversations";
import { resolveConversation } from "@/lib/conversations/resolve-conversation";
import { route } from "@/lib/core/route";

export const POST = route(resolveConversationRoute, async ({ principal, params, req }) =>
  respond(resolveConversationRoute, await resolveConversation({ workspaceId: principal.workspaceId, id: params.id, actor: actorOf(principal, req) })),
);
