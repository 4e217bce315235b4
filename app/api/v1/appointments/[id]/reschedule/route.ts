import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { rescheduleAppointmentRoute } from "@/lib/api/routes/appointments";
import { changeAndNotify } from "@/lib/appointments/change-and-notify";
import { route } from "@/lib/core/route";

export const POST = route(rescheduleAppointmentRoute, async ({ principal, params, body, req }) =>
  respond(
    rescheduleAppointmentRoute,
    await changeAndNotify({
      principal,
      id: params.id,
      change: { kind: "reschedule", input: body },
      actor: actorOf(principal, req),
    }),
  ),
);
