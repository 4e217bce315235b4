import { actorOf } from "@/lib/api/actor";
import { respond } from "@/lib/api/respond";
import { bookAppointmentRoute, listAppointmentsRoute } from "@/lib/api/routes/appointments";
import { bookAndNotify } from "@/lib/appointments/book-and-notify";
import { listAppointments } from "@/lib/appointments/list-appointments";
import { route } from "@/lib/core/route";

export const GET = route(listAppointmentsRoute, async ({ principal, query }) =>
  respond(listAppointmentsRoute, await listAppointments({ principal, query })),
);

export const POST = route(bookAppointmentRoute, async ({ principal, body, req }) =>
  respond(
    bookAppointmentRoute,
    await bookAndNotify({ principal, input: body, actor: actorOf(principal, req) }),
  ),
);
