import { respond } from "@/lib/api/respond";
import { listMessagesRoute, sendMessageRoute } from "@/lib/api/routes/conversations";
import { route } from "@/lib/core/route";
import { findMessages } from "@/lib/messages/find-messages";
import { sendMessage } from "@/lib/messages/send-message";

export const GET = route(listMessagesRoute, async ({ principal, params, query }) =>
  respond(listMessagesRoute, await findMessages({ workspaceId: principal.workspaceId, conversationId: params.id, query })),
);

export const POST = route(sendMessageRoute, async ({ principal, params, body }) =>
  respond(sendMessageRoute, await sendMessage({ workspaceId: principal.workspaceId, conversationId: params.id, senderUserId: principal.userId, input: body })),
);
