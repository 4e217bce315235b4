import "server-only";
import { env } from "@/lib/core/env";
import type { TAppointmentRow } from "./appointment.mapper";
import { appointmentUid, buildAppointmentIcs, type TIcsEvent } from "./ics";

/** The RFC 5545 event of one appointment (same UID for its whole life; SEQUENCE from the row). */
export function appointmentIcsEvent(row: TAppointmentRow): TIcsEvent {
  const host = new URL(env().appUrl).hostname || "localhost";
  return {
    uid: appointmentUid(row.id, host),
    sequence: row.sequence,
    status: row.status === "cancelled" ? "cancelled" : "confirmed",
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    summary: row.title,
    ...(row.notes ? { description: row.notes } : {}),
    organizer: { name: row.agent.name, email: row.agent.email },
    attendees: [
      {
        ...(row.contact.name ? { name: row.contact.name } : {}),
        ...(row.contact.phone ? { phone: row.contact.phone } : {}),
      },
    ],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The `.ics` file sent to the customer: METHOD:REQUEST, or METHOD:CANCEL once cancelled. */
export function appointmentIcs(row: TAppointmentRow, now: Date = new Date()): string {
  return buildAppointmentIcs(appointmentIcsEvent(row), now);
}
