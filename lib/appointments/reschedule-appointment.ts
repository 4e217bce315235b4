import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/core/app-error";
import { getDb, isUniqueViolation } from "@/lib/core/db";
import { APPOINTMENT_INCLUDE, type TAppointmentRow } from "./appointment.mapper";
import { assertSlotFree } from "./assert-slot-free";
import { slotTaken } from "./book-appointment";
import { scheduleAppointmentJobs } from "./schedule-appointment-jobs";

export interface RescheduleAppointmentOptions {
  workspaceId: string;
  id: string;
  startsAt: Date;
  /** Move to another agent's slot (the bot offers slots of several agents); default: same agent. */
  agentId?: string;
  /** Only this contact's appointment (the bot acts for the customer it talks to). */
  contactId?: string;
  actor?: Actor | null;
  now?: Date;
}

/**
 * Moves an active appointment: SEQUENCE + 1 (calendar apps update the event in place), status
 * `rescheduled`, a new reminder planned (the old one sees the newer sequence and does nothing).
 */
export async function rescheduleAppointment(o: RescheduleAppointmentOptions): Promise<TAppointmentRow> {
  const db = await getDb();
  const now = o.now ?? new Date();
  const current = await db.appointment.findFirst({
    where: { id: o.id, workspaceId: o.workspaceId, ...(o.contactId ? { contactId: o.contactId } : {}) },
  });
  if (!current) throw new AppError("NOT_FOUND", { userMessage: "Appointment not found." });
  if (current.status !== "booked" && current.status !== "rescheduled")
    throw new AppError("INVALID_STATE", { userMessage: `The appointment is ${current.status}.` });
  const agentId = o.agentId ?? current.agentId;
  const slot = await assertSlotFree({
    workspaceId: o.workspaceId,
    agentId,
    startsAt: o.startsAt,
    now,
    excludeAppointmentId: current.id,
  });
  try {
    return await db.$transaction(async (tx) => {
      const { count } = await tx.appointment.updateMany({
        where: { id: current.id, sequence: current.sequence },
        data: {
          agentId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          status: "rescheduled",
          sequence: { increment: 1 },
          reminderSentAt: null,
        },
      });
      if (count === 0)
        throw new AppError("CONFLICT", { userMessage: "The appointment changed meanwhile; reload it." });
      const row = await tx.appointment.findUniqueOrThrow({
        where: { id: current.id },
        include: APPOINTMENT_INCLUDE,
      });
      await scheduleAppointmentJobs(tx, row, now);
      await recordAudit({
        tx,
        workspaceId: o.workspaceId,
        actorId: o.actor?.id ?? null,
        actorType: o.actor?.type ?? "system",
        ip: o.actor?.ip ?? null,
        action: "appointment.rescheduled",
        targetType: "appointment",
        targetId: row.id,
        data: {
          from: current.startsAt.toISOString(),
          to: row.startsAt.toISOString(),
          sequence: row.sequence,
        },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
}
