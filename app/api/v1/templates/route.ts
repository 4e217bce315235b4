import { respond } from "@/lib/api/respond";
import { listTemplatesRoute } from "@/lib/api/routes/templates";
import { route } from "@/lib/core/route";
import { listTemplates } from "@/lib/templates/list-templates";

export const GET = route(listTemplatesRoute, async ({ principal }) =>
  respond(listTemplatesRoute, { data: await listTemplates({ workspaceId: principal.workspaceId }) }),
);
