import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { cancelAppointmentRoute } from "@/lib/api/routes/appointments";
import { changeAndNotify } from "@/lib/appointments/change-and-notify";
import { route } from "@/lib/core/route";

export const POST = route(cancelAppointmentRoute, async ({ principal, params, req }) =>
  respond(
    cancelAppointmentRoute,
    await changeAndNotify({
      principal,
      id: params.id,
      change: { kind: "cancel" },
      actor: actorOf(principal, req),
    }),
  ),
);
