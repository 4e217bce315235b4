import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { rotateFeedRoute } from "@/lib/api/routes/appointments";
import { rotateFeedToken } from "@/lib/appointments/availability";
import { route } from "@/lib/core/route";

export const POST = route(rotateFeedRoute, async ({ principal, body, req }) =>
  respond(
    rotateFeedRoute,
    await rotateFeedToken({ principal, userId: body.userId, actor: actorOf(principal, req) }),
  ),
);
