import { respond } from "@/lib/api/respond";
import { addNoteRoute } from "@/lib/api/routes/conversations";
import { addConversationNote } from "@/lib/conversations/add-conversation-note";
import { route } from "@/lib/core/route";

export const POST = route(addNoteRoute, async ({ principal, params, body }) =>
  respond(addNoteRoute, await addConversationNote({ workspaceId: principal.workspaceId, id: params.id, body: body.body, authorId: principal.userId })),
);
