import type { Appointment, Contact, User } from "@prisma/client";
import type { TAppointmentDto } from "./appointment.schema";

export const APPOINTMENT_INCLUDE = {
  contact: { select: { id: true, name: true, phone: true, waId: true, crmDoctype: true, crmName: true } },
  agent: { select: { id: true, name: true, email: true, frappeUser: true } },
} as const;

export type TAppointmentRow = Appointment & {
  contact: Pick<Contact, "id" | "name" | "phone" | "waId" | "crmDoctype" | "crmName">;
  agent: Pick<User, "id" | "name" | "email" | "frappeUser">;
};

export function toAppointmentDto(row: TAppointmentRow, timeZone: string): TAppointmentDto {
  return {
    id: row.id,
    status: row.status,
    sequence: row.sequence,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone,
    contact: { id: row.contact.id, name: row.contact.name, phone: row.contact.phone },
    agent: { id: row.agent.id, name: row.agent.name },
    conversationId: row.conversationId,
    createdAt: row.createdAt.toISOString(),
  };
}
