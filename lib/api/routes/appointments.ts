import {
  ZAppointmentDtoSchema,
  ZAppointmentIdParamsSchema,
  ZAppointmentListQuerySchema,
  ZAppointmentListSchema,
  ZAvailabilityDtoSchema,
  ZAvailabilityQuerySchema,
  ZBookAppointmentSchema,
  ZFreeSlotListSchema,
  ZFreeSlotQuerySchema,
  ZRescheduleAppointmentSchema,
  ZRotateFeedSchema,
  ZUpdateAvailabilitySchema,
} from "@/lib/appointments/appointment.schema";
import { defineApiRoute } from "../openapi";

const tags = ["appointments"];
const permission = "appointments:use" as const;
const params = ZAppointmentIdParamsSchema;
export const listAppointmentsRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/appointments",
  summary: "Appointments in a range, earliest first (agents: their own; agent=all for admins/supervisors)",
  tags,
  permission,
  query: ZAppointmentListQuerySchema,
  response: ZAppointmentListSchema,
});
export const bookAppointmentRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/appointments",
  summary: "Book a free slot for a contact (409 when it was just taken)",
  tags,
  permission,
  body: ZBookAppointmentSchema,
  response: ZAppointmentDtoSchema,
  status: 201,
  errors: [409],
});
export const rescheduleAppointmentRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/appointments/{id}/reschedule",
  summary: "Move to another free slot (SEQUENCE + 1; the customer gets the new .ics)",
  tags,
  permission,
  params,
  body: ZRescheduleAppointmentSchema,
  response: ZAppointmentDtoSchema,
  errors: [409],
});
export const cancelAppointmentRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/appointments/{id}/cancel",
  summary: "Cancel (the customer gets a METHOD:CANCEL .ics)",
  tags,
  permission,
  params,
  response: ZAppointmentDtoSchema,
  errors: [409],
});
export const freeSlotsRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/appointments/slots",
  summary: "Free slots of an agent (default: the caller)",
  tags,
  permission,
  query: ZFreeSlotQuerySchema,
  response: ZFreeSlotListSchema,
});
export const getAvailabilityRoute = defineApiRoute({
  method: "GET",
  path: "/api/v1/appointments/availability",
  summary: "Working hours and the private calendar feed URL (own; any user for admins/supervisors)",
  tags,
  permission,
  query: ZAvailabilityQuerySchema,
  response: ZAvailabilityDtoSchema,
});
export const updateAvailabilityRoute = defineApiRoute({
  method: "PUT",
  path: "/api/v1/appointments/availability",
  summary: "Replace working hours, zone, slot length, buffer, days off",
  tags,
  permission,
  body: ZUpdateAvailabilitySchema,
  response: ZAvailabilityDtoSchema,
});
export const rotateFeedRoute = defineApiRoute({
  method: "POST",
  path: "/api/v1/appointments/availability/rotate-feed",
  summary: "New secret calendar feed URL; the old one stops working",
  tags,
  permission,
  body: ZRotateFeedSchema,
  response: ZAvailabilityDtoSchema,
});
