import { z } from "zod";
import { defineJob } from "../job-definition";

/** WhatsApp reminder REMINDER_MINUTES before an appointment; one job per (appointment, SEQUENCE). */
export const appointmentReminderJob = defineJob({
  name: "appointment.reminder",
  version: 1,
  payload: z.object({ appointmentId: z.string().min(1), sequence: z.number().int().min(0) }),
  maxAttempts: 5,
  handler: () => import("./appointment-reminder.handler"),
});
