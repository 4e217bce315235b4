import { z } from "zod";
import { defineJob } from "@/lib/jobs/job-definition";
import { ZCrmTaskSchema } from "../crm.schema";

export const ZCrmCreateTaskJobSchema = z.object({
  /** Our appointment id. */
  appointmentId: z.string().min(1).max(140),
  task: ZCrmTaskSchema,
});
export type TCrmCreateTaskJob = z.input<typeof ZCrmCreateTaskJobSchema>;

/** A booked appointment → CRM Task on the lead or deal. */
export const crmCreateTaskJob = defineJob({
  name: "crm.create_task",
  version: 1,
  payload: ZCrmCreateTaskJobSchema,
  maxAttempts: 12,
  handler: () => import("./create-task.handler"),
});

export function crmCreateTaskKey(appointmentId: string): string {
  return `crm.create_task:${appointmentId}`;
}
