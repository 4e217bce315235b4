import { respond } from "@/lib/api/respond";
import { getCrmPanelRoute } from "@/lib/api/routes/crm";
import { route } from "@/lib/core/route";
import { getCrmPanel } from "@/lib/crm/get-crm-panel";

export const GET = route(getCrmPanelRoute, async ({ principal, params }) =>
  respond(getCrmPanelRoute, await getCrmPanel({ workspaceId: principal.workspaceId, contactId: params.id, userId: principal.kind === "user" ? principal.userId : null })),
);
