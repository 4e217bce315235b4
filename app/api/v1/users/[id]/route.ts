import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { getUserRoute, updateUserRoute } from "@/lib/api/routes/users";
import { route } from "@/lib/core/route";
import { getUser } from "@/lib/users/get-user";
import { updateUser } from "@/lib/users/update-user";

export const GET = route(getUserRoute, async ({ principal, params }) =>
  respond(getUserRoute, await getUser({ workspaceId: principal.workspaceId, userId: params.id })),
);

export const PATCH = route(updateUserRoute, async ({ principal, params, body, req }) =>
  respond(
    updateUserRoute,
    await updateUser({ workspaceId: principal.workspaceId, userId: params.id, actor: actorOf(principal, req), input: body }),
  ),
);
