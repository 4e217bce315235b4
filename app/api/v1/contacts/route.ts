import { respond } from "@/lib/api/respond";
import { listContactsRoute } from "@/lib/api/routes/contacts";
import { findContacts } from "@/lib/contacts/find-contacts";
import { route } from "@/lib/core/route";

export const GET = route(listContactsRoute, async ({ principal, query }) =>
  respond(listContactsRoute, await findContacts({ workspaceId: principal.workspaceId, query })),
);
