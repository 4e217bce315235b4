import { respond } from "@/lib/api/respond";
import { botConsoleRoute } from "@/lib/api/routes/bot";
import { runConsoleTurn } from "@/lib/bot/flows/run-console-turn";
import { route } from "@/lib/core/route";

export const POST = route(botConsoleRoute, async ({ principal, body }) =>
  respond(botConsoleRoute, await runConsoleTurn({ workspaceId: principal.workspaceId, input: body })),
);
