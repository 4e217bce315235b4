import { respond } from "@/lib/api/respond";
import { deleteCannedResponseRoute } from "@/lib/api/routes/canned-responses";
import { route } from "@/lib/core/route";
import { deleteCannedResponse } from "@/lib/templates/canned-responses";

export const DELETE = route(deleteCannedResponseRoute, async ({ principal, params }) => {
  await deleteCannedResponse({ workspaceId: principal.workspaceId, id: params.id });
  return respond(deleteCannedResponseRoute, { ok: true });
});
