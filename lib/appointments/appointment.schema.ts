import { z } from "zod";
import { ZAvailabilitySchema } from "./slots";

/** Appointment and availability DTOs and inputs (client-safe). */
export const ZAppointmentStatusSchema = z.enum([
  "booked",
  "rescheduled",
  "cancelled",
  "completed",
  "no_show",
]);

export const ZAppointmentDtoSchema = z.object({
  id: z.string(),
  status: ZAppointmentStatusSchema,
  sequence: z.number().int(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The agent's IANA zone (for display in the agent's time). */
  timeZone: z.string(),
  contact: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() }),
  agent: z.object({ id: z.string(), name: z.string() }),
  conversationId: z.string().nullable(),
  createdAt: z.string(),
});
export type TAppointmentDto = z.infer<typeof ZAppointmentDtoSchema>;

export const ZAppointmentListSchema = z.object({ data: z.array(ZAppointmentDtoSchema) });

export const ZAppointmentListQuerySchema = z
  .object({
    /** A user id, "me" (default for agents) or "all" (admins and supervisors). */
    agent: z.string().min(1).max(64).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    includeCancelled: z.enum(["true", "false"]).optional(),
  })
  .strict();
export type TAppointmentListQuery = z.infer<typeof ZAppointmentListQuerySchema>;

export const ZAppointmentIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();

/** A slot id as offered ("<agentId>:<ISO start>") or an explicit start time. */
const slotOrStart = {
  slotId: z.string().min(1).max(200).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
};

export const ZBookAppointmentSchema = z
  .object({
    contactId: z.string().min(1).max(64),
    /** Default: the caller. */
    agentId: z.string().min(1).max(64).optional(),
    ...slotOrStart,
    title: z.string().trim().min(1).max(140).optional(),
    notes: z.string().max(2000).optional(),
  })
  .strict()
  .refine((b) => b.slotId !== undefined || b.startsAt !== undefined, {
    message: "slotId or startsAt is required",
    path: ["startsAt"],
  });
export type TBookAppointment = z.infer<typeof ZBookAppointmentSchema>;

export const ZRescheduleAppointmentSchema = z
  .object(slotOrStart)
  .strict()
  .refine((b) => b.slotId !== undefined || b.startsAt !== undefined, {
    message: "slotId or startsAt is required",
    path: ["startsAt"],
  });
export type TRescheduleAppointment = z.infer<typeof ZRescheduleAppointmentSchema>;

export const ZAvailabilityInputSchema = ZAvailabilitySchema.omit({ agentId: true }).strict();
export type TAvailabilityInput = z.input<typeof ZAvailabilityInputSchema>;

export const ZAvailabilityDtoSchema = z.object({
  userId: z.string(),
  /** null until the agent saves working hours. */
  availability: ZAvailabilityInputSchema.nullable(),
  /** The private subscribable ICS feed (secret token in the path). */
  feedUrl: z.string(),
  updatedAt: z.string().nullable(),
});
export type TAvailabilityDto = z.infer<typeof ZAvailabilityDtoSchema>;

export const ZAvailabilityQuerySchema = z.object({ userId: z.string().min(1).max(64).optional() }).strict();
export const ZUpdateAvailabilitySchema = z
  .object({ userId: z.string().min(1).max(64).optional(), availability: ZAvailabilityInputSchema })
  .strict();
export const ZRotateFeedSchema = z.object({ userId: z.string().min(1).max(64).optional() }).strict();

export const ZFreeSlotDtoSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  label: z.string(),
  agentId: z.string(),
});
export const ZFreeSlotListSchema = z.object({ data: z.array(ZFreeSlotDtoSchema) });
export const ZFreeSlotQuerySchema = z
  .object({
    agent: z.string().min(1).max(64).optional(),
    count: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

/** Slot ids are "<agentId>:<ISO start>" (lib/appointments/slots.ts). */
export function parseSlotId(slotId: string): { agentId: string; startsAt: Date } | null {
  const i = slotId.indexOf(":");
  if (i <= 0) return null;
  const startsAt = new Date(slotId.slice(i + 1));
  return Number.isNaN(startsAt.getTime()) ? null : { agentId: slotId.slice(0, i), startsAt };
}
