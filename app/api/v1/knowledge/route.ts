import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { createKnowledgeRoute, listKnowledgeRoute } from "@/lib/api/routes/knowledge";
import { route } from "@/lib/core/route";
import { createKnowledgeEntry } from "@/lib/knowledge/create-knowledge-entry";
import { findKnowledgeEntries } from "@/lib/knowledge/find-knowledge-entries";

export const GET = route(listKnowledgeRoute, async ({ principal, query }) =>
  respond(listKnowledgeRoute, await findKnowledgeEntries({ workspaceId: principal.workspaceId, query })),
);

export const POST = route(createKnowledgeRoute, async ({ principal, body, req }) =>
  respond(
    createKnowledgeRoute,
    await createKnowledgeEntry({
      workspaceId: principal.workspaceId,
      input: body,
      actor: actorOf(principal, req),
    }),
  ),
);
