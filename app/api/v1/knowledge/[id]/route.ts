import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { deleteKnowledgeRoute, updateKnowledgeRoute } from "@/lib/api/routes/knowledge";
import { route } from "@/lib/core/route";
import { deleteKnowledgeEntry } from "@/lib/knowledge/delete-knowledge-entry";
import { updateKnowledgeEntry } from "@/lib/knowledge/update-knowledge-entry";

export const PATCH = route(updateKnowledgeRoute, async ({ principal, params, body, req }) =>
  respond(
    updateKnowledgeRoute,
    await updateKnowledgeEntry({
      workspaceId: principal.workspaceId,
      id: params.id,
      input: body,
      actor: actorOf(principal, req),
    }),
  ),
);

export const DELETE = route(deleteKnowledgeRoute, async ({ principal, params, req }) =>
  respond(
    deleteKnowledgeRoute,
    await deleteKnowledgeEntry({
      workspaceId: principal.workspaceId,
      id: params.id,
      actor: actorOf(principal, req),
    }),
  ),
);
