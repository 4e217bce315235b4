import "server-only";
import type { Actor } from "@/lib/api/actor";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { toAppointmentDto } from "./appointment.mapper";
import { parseSlotId, type TAppointmentDto, type TBookAppointment } from "./appointment.schema";
import { agentTimeZone } from "./availability.queries";
import { bookAppointment } from "./book-appointment";
import { notifyContact } from "./notify-contact";

/** An agent books a slot for a contact in the app or through v1; the customer gets the .ics. */
export async function bookAndNotify(o: {
  principal: Principal;
  input: TBookAppointment;
  actor: Actor;
}): Promise<TAppointmentDto> {
  const fromSlot = o.input.slotId ? parseSlotId(o.input.slotId) : null;
  if (o.input.slotId && !fromSlot)
    throw new AppError("INVALID_INPUT", {
      userMessage: "slotId: not a slot id.",
      details: [{ field: "slotId", message: "Invalid" }],
    });
  const agentId = o.input.agentId ?? fromSlot?.agentId ?? o.principal.userId;
  if (!agentId)
    throw new AppError("INVALID_INPUT", {
      userMessage: "agentId is required for API keys.",
      details: [{ field: "agentId", message: "Required" }],
    });
  if (agentId !== o.principal.userId && !can(o.principal.role, "appointments:manage"))
    throw new AppError("FORBIDDEN", { userMessage: "Agents book in their own calendar." });
  const startsAt = fromSlot?.startsAt ?? new Date(o.input.startsAt!);
  const row = await bookAppointment({
    workspaceId: o.principal.workspaceId,
    contactId: o.input.contactId,
    agentId,
    startsAt,
    ...(o.input.title ? { title: o.input.title } : {}),
    ...(o.input.notes ? { notes: o.input.notes } : {}),
    actor: o.actor,
  });
  await notifyContact(row);
  return toAppointmentDto(row, await agentTimeZone(await getDb(), row.agentId));
}
