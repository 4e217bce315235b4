import "server-only";
import type { Actor } from "@/lib/api/actor";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { toAppointmentDto } from "./appointment.mapper";
import { parseSlotId, type TAppointmentDto, type TRescheduleAppointment } from "./appointment.schema";
import { agentTimeZone } from "./availability.queries";
import { cancelAppointment } from "./cancel-appointment";
import { notifyContact } from "./notify-contact";
import { rescheduleAppointment } from "./reschedule-appointment";

/** Agents change their own appointments; admins and supervisors anyone's. */
async function assertMayChange(principal: Principal, id: string): Promise<void> {
  const db = await getDb();
  const appt = await db.appointment.findFirst({
    where: { id, workspaceId: principal.workspaceId },
    select: { agentId: true },
  });
  if (!appt) throw new AppError("NOT_FOUND", { userMessage: "Appointment not found." });
  if (appt.agentId !== principal.userId && !can(principal.role, "appointments:manage"))
    throw new AppError("FORBIDDEN", { userMessage: "This is another agent's appointment." });
}

/** Reschedule or cancel from the app / v1; the customer gets the updated .ics. */
export async function changeAndNotify(o: {
  principal: Principal;
  id: string;
  change: { kind: "reschedule"; input: TRescheduleAppointment } | { kind: "cancel" };
  actor: Actor;
}): Promise<TAppointmentDto> {
  await assertMayChange(o.principal, o.id);
  const workspaceId = o.principal.workspaceId;
  let row;
  if (o.change.kind === "cancel") {
    const r = await cancelAppointment({ workspaceId, id: o.id, actor: o.actor });
    row = r.row;
    if (r.changed) await notifyContact(row);
  } else {
    const slot = o.change.input.slotId ? parseSlotId(o.change.input.slotId) : null;
    if (o.change.input.slotId && !slot)
      throw new AppError("INVALID_INPUT", {
        userMessage: "slotId: not a slot id.",
        details: [{ field: "slotId", message: "Invalid" }],
      });
    const startsAt = slot?.startsAt ?? new Date(o.change.input.startsAt!);
    row = await rescheduleAppointment({
      workspaceId,
      id: o.id,
      startsAt,
      ...(slot ? { agentId: slot.agentId } : {}),
      actor: o.actor,
    });
    await notifyContact(row);
  }
  return toAppointmentDto(row, await agentTimeZone(await getDb(), row.agentId));
}
