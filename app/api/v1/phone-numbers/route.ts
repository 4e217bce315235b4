import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { createPhoneNumberRoute, listPhoneNumbersRoute } from "@/lib/api/routes/phone-numbers";
import { route } from "@/lib/core/route";
import { createPhoneNumber } from "@/lib/phone-numbers/create-phone-number";
import { listPhoneNumbers } from "@/lib/phone-numbers/list-phone-numbers";

export const GET = route(listPhoneNumbersRoute, async ({ principal }) =>
  respond(listPhoneNumbersRoute, { data: await listPhoneNumbers({ workspaceId: principal.workspaceId }) }),
);

export const POST = route(createPhoneNumberRoute, async ({ principal, body, req }) =>
  respond(createPhoneNumberRoute, await createPhoneNumber({ workspaceId: principal.workspaceId, actor: actorOf(principal, req), input: body })),
);
