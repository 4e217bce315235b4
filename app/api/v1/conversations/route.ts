import { respond } from "@/lib/api/respond";
import { listConversationsRoute } from "@/lib/api/routes/conversations";
import { findConversations } from "@/lib/conversations/find-conversations";
import { route } from "@/lib/core/route";

export const GET = route(listConversationsRoute, async ({ principal, query }) =>
  respond(listConversationsRoute, await findConversations({ workspaceId: principal.workspaceId, userId: principal.userId, query })),
);
