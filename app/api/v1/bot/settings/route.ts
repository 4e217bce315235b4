import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { getBotSettingsRoute, updateBotSettingsRoute } from "@/lib/api/routes/bot";
import { getBotSettings, updateBotSettings } from "@/lib/bot/settings";
import { route } from "@/lib/core/route";

export const GET = route(getBotSettingsRoute, async ({ principal }) =>
  respond(getBotSettingsRoute, await getBotSettings(principal.workspaceId)),
);

export const PUT = route(updateBotSettingsRoute, async ({ principal, body, req }) =>
  respond(
    updateBotSettingsRoute,
    await updateBotSettings({
      workspaceId: principal.workspaceId,
      input: body,
      actor: actorOf(principal, req),
    }),
  ),
);
