import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { APPOINTMENT_INCLUDE, type TAppointmentRow } from "./appointment.mapper";

/**
 * Cancels an appointment: status `cancelled`, SEQUENCE + 1 (RFC 5546: a CANCEL needs a higher
 * sequence than the invitation). Idempotent: cancelling a cancelled appointment changes nothing.
 * The pending reminder finds the status and does nothing.
 */
export async function cancelAppointment(o: {
  workspaceId: string;
  id: string;
  contactId?: string;
  actor?: Actor | null;
}): Promise<{ row: TAppointmentRow; changed: boolean }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const current = await tx.appointment.findFirst({
      where: { id: o.id, workspaceId: o.workspaceId, ...(o.contactId ? { contactId: o.contactId } : {}) },
      include: APPOINTMENT_INCLUDE,
    });
    if (!current) throw new AppError("NOT_FOUND", { userMessage: "Appointment not found." });
    if (current.status === "cancelled") return { row: current, changed: false };
    if (current.status !== "booked" && current.status !== "rescheduled")
      throw new AppError("INVALID_STATE", { userMessage: `The appointment is ${current.status}.` });
    const row = await tx.appointment.update({
      where: { id: current.id },
      data: { status: "cancelled", sequence: { increment: 1 } },
      include: APPOINTMENT_INCLUDE,
    });
    await recordAudit({
      tx,
      workspaceId: o.workspaceId,
      actorId: o.actor?.id ?? null,
      actorType: o.actor?.type ?? "system",
      ip: o.actor?.ip ?? null,
      action: "appointment.cancelled",
      targetType: "appointment",
      targetId: row.id,
    });
    return { row, changed: true };
  });
}
