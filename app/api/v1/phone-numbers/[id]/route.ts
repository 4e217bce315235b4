import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { deletePhoneNumberRoute, updatePhoneNumberRoute } from "@/lib/api/routes/phone-numbers";
import { route } from "@/lib/core/route";
import { deletePhoneNumber } from "@/lib/phone-numbers/delete-phone-number";
import { updatePhoneNumber } from "@/lib/phone-numbers/update-phone-number";

export const PATCH = route(updatePhoneNumberRoute, async ({ principal, params, body, req }) =>
  respond(updatePhoneNumberRoute, await updatePhoneNumber({ workspaceId: principal.workspaceId, phoneNumberId: params.id, actor: actorOf(principal, req), input: body })),
);

export const DELETE = route(deletePhoneNumberRoute, async ({ principal, params, req }) =>
  respond(deletePhoneNumberRoute, await deletePhoneNumber({ workspaceId: principal.workspaceId, phoneNumberId: params.id, actor: actorOf(principal, req) })),
);
