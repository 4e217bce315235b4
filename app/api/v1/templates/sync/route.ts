import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { syncTemplatesRoute } from "@/lib/api/routes/templates";
import { route } from "@/lib/core/route";
import { syncTemplates } from "@/lib/templates/sync-templates";

export const POST = route(syncTemplatesRoute, async ({ principal, req }) =>
  respond(syncTemplatesRoute, await syncTemplates({ workspaceId: principal.workspaceId, actor: actorOf(principal, req) })),
);
