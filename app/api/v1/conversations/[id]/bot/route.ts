import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { conversationBotRoute } from "@/lib/api/routes/bot";
import { controlBot } from "@/lib/bot/flows/control-bot";
import { route } from "@/lib/core/route";

export const POST = route(conversationBotRoute, async ({ principal, params, body, req }) =>
  respond(
    conversationBotRoute,
    await controlBot({
      workspaceId: principal.workspaceId,
      conversationId: params.id,
      action: body.action,
      actor: actorOf(principal, req),
    }),
  ),
);
