import { respond } from "@/lib/api/respond";
import { getContactScoreRoute } from "@/lib/api/routes/leads";
import { route } from "@/lib/core/route";
import { getContactScore } from "@/lib/leads/get-contact-score";

export const GET = route(getContactScoreRoute, async ({ principal, params, query }) =>
  respond(
    getContactScoreRoute,
    await getContactScore({ workspaceId: principal.workspaceId, contactId: params.id, limit: query.limit }),
  ),
);
