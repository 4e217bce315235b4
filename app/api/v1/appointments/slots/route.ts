import { respond } from "@/lib/api/respond";
import { freeSlotsRoute } from "@/lib/api/routes/appointments";
import { listFreeSlots } from "@/lib/appointments/list-free-slots";
import { route } from "@/lib/core/route";

export const GET = route(freeSlotsRoute, async ({ principal, query }) =>
  respond(freeSlotsRoute, await listFreeSlots({ principal, agent: query.agent, count: query.count })),
);
