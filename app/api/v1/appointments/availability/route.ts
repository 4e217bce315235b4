import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { getAvailabilityRoute, updateAvailabilityRoute } from "@/lib/api/routes/appointments";
import { getAvailability, updateAvailability } from "@/lib/appointments/availability";
import { route } from "@/lib/core/route";

export const GET = route(getAvailabilityRoute, async ({ principal, query }) =>
  respond(getAvailabilityRoute, await getAvailability({ principal, userId: query.userId })),
);

export const PUT = route(updateAvailabilityRoute, async ({ principal, body, req }) =>
  respond(
    updateAvailabilityRoute,
    await updateAvailability({
      principal,
      userId: body.userId,
      availability: body.availability,
      actor: actorOf(principal, req),
    }),
  ),
);
