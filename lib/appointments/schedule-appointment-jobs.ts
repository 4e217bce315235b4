import "server-only";
import type { Prisma } from "@prisma/client";
import { crmCreateTaskJob, crmCreateTaskKey } from "@/lib/crm/jobs/create-task";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { TAppointmentRow } from "./appointment.mapper";

/** Minutes before the start the reminder goes out (REMINDER_MINUTES, default 60). */
export function reminderMinutes(): number {
  const n = Number(process.env.REMINDER_MINUTES);
  return Number.isFinite(n) && n >= 0 ? n : 60;
}

/**
 * Jobs that follow a booked or moved appointment, enqueued in the caller's transaction: the
 * WhatsApp reminder (keyed by appointment and SEQUENCE, so a reschedule plans a new one and the old
 * one finds a newer sequence and does nothing) and, when the contact is linked to a CRM lead or
 * deal, the CRM Task for the agent.
 */
export async function scheduleAppointmentJobs(
  tx: Prisma.TransactionClient,
  row: TAppointmentRow,
  now: Date,
): Promise<void> {
  const runAt = new Date(Math.max(now.getTime(), row.startsAt.getTime() - reminderMinutes() * 60_000));
  await enqueueJob({
    tx,
    name: "appointment.reminder",
    workspaceId: row.workspaceId,
    payload: { appointmentId: row.id, sequence: row.sequence },
    idempotencyKey: `appointment.reminder:${row.id}:${row.sequence}`,
    runAt,
  });
  if (row.contact.crmDoctype && row.contact.crmName && row.sequence === 0) {
    const doctype = row.contact.crmDoctype === "CRM Deal" ? "CRM Deal" : "CRM Lead";
    const assignee =
      row.agent.frappeUser && row.agent.frappeUser.includes("@") ? row.agent.frappeUser : row.agent.email;
    await enqueueJob({
      tx,
      name: crmCreateTaskJob.name,
      workspaceId: row.workspaceId,
      payload: {
        appointmentId: row.id,
        task: {
          reference: { doctype, name: row.contact.crmName },
          title: row.title.slice(0, 140),
          description: `Booked on WhatsApp for ${row.startsAt.toISOString()}.`,
          assignedTo: assignee,
          dueAt: row.startsAt.toISOString(),
        },
      },
      idempotencyKey: crmCreateTaskKey(row.id),
    });
  }
}
