import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { createUserRoute, listUsersRoute } from "@/lib/api/routes/users";
import { route } from "@/lib/core/route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";

export const GET = route(listUsersRoute, async ({ principal }) =>
  respond(listUsersRoute, { data: await listUsers({ workspaceId: principal.workspaceId }) }),
);

export const POST = route(createUserRoute, async ({ principal, body, req }) =>
  respond(createUserRoute, await createUser({ workspaceId: principal.workspaceId, actor: actorOf(principal, req), input: body })),
);
