import { respond } from "@/lib/api/respond";
import { readConversationRoute } from "@/lib/api/routes/conversations";
import { markConversationRead } from "@/lib/conversations/mark-conversation-read";
import { route } from "@/lib/core/route";

export const POST = route(readConversationRoute, async ({ principal, params }) =>
  respond(readConversationRoute, await markConversationRead({ workspaceId: principal.workspaceId, id: params.id })),
);
