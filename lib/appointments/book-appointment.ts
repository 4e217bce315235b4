import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/api/actor";
import { AppError } from "@/lib/core/app-error";
import { getDb, isUniqueViolation } from "@/lib/core/db";
import { APPOINTMENT_INCLUDE, type TAppointmentRow } from "./appointment.mapper";
import { assertSlotFree } from "./assert-slot-free";
import { scheduleAppointmentJobs } from "./schedule-appointment-jobs";

export interface BookAppointmentOptions {
  workspaceId: string;
  contactId: string;
  agentId: string;
  startsAt: Date;
  conversationId?: string | null;
  title?: string;
  notes?: string;
  actor?: Actor | null;
  now?: Date;
}

/**
 * Books a free slot of an agent. The slot must be one the agent's working hours offer now; the
 * partial unique index `Appointment_agent_start_active_key` (agentId, startsAt) over active
 * appointments makes a double booking impossible even when two bookings race past that check: the
 * loser's insert fails and it gets CONFLICT (details.reason = "slot_taken") with nothing written.
 */
export async function bookAppointment(o: BookAppointmentOptions): Promise<TAppointmentRow> {
  const db = await getDb();
  const now = o.now ?? new Date();
  const contact = await db.contact.findFirst({
    where: { id: o.contactId, workspaceId: o.workspaceId },
    select: { id: true, name: true, phone: true, waId: true },
  });
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  const agent = await db.user.findFirst({
    where: { id: o.agentId, workspaceId: o.workspaceId, disabledAt: null },
    select: { id: true },
  });
  if (!agent)
    throw new AppError("INVALID_INPUT", {
      userMessage: "agentId: no such active user.",
      details: [{ field: "agentId", message: "Unknown agent" }],
    });
  const slot = await assertSlotFree({
    workspaceId: o.workspaceId,
    agentId: o.agentId,
    startsAt: o.startsAt,
    now,
  });
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.appointment.create({
        data: {
          workspaceId: o.workspaceId,
          contactId: contact.id,
          agentId: o.agentId,
          conversationId: o.conversationId ?? null,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          title: o.title ?? `Meeting with ${contact.name ?? contact.phone ?? contact.waId}`,
          notes: o.notes ?? null,
        },
        include: APPOINTMENT_INCLUDE,
      });
      await scheduleAppointmentJobs(tx, row, now);
      await recordAudit({
        tx,
        workspaceId: o.workspaceId,
        actorId: o.actor?.id ?? null,
        actorType: o.actor?.type ?? "system",
        ip: o.actor?.ip ?? null,
        action: "appointment.booked",
        targetType: "appointment",
        targetId: row.id,
        data: { startsAt: row.startsAt.toISOString(), agentId: row.agentId },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
}

export function slotTaken(): AppError {
  return new AppError("CONFLICT", {
    userMessage: "That slot was just taken; pick another one.",
    details: { reason: "slot_taken" },
  });
}
