import { clientIp } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { getMeRoute, updateMeRoute } from "@/lib/api/routes/me";
import { route } from "@/lib/core/route";
import { getMe } from "@/lib/users/get-me";
import { updateMe } from "@/lib/users/update-me";

export const GET = route(getMeRoute, async ({ principal }) => respond(getMeRoute, await getMe({ principal })));

export const PATCH = route(updateMeRoute, async ({ principal, body, req }) =>
  respond(updateMeRoute, await updateMe({ principal, input: body, ip: clientIp(req) })),
);
