import "server-only";
import { sendAppointmentReminder } from "@/lib/appointments/send-appointment-reminder";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ appointmentId: string; sequence: number }> = (payload, ctx) =>
  sendAppointmentReminder({ ...payload, now: ctx.now });

export default handler;
