import { z } from "zod";
import { defineJob } from "@/lib/jobs/job-definition";

export const ZCrmReconcileJobSchema = z
  .object({
    /** How far back to compare calls and unlinked contacts; default 24 h. */
    lookbackMs: z.number().int().positive().optional(),
  })
  .strict();
export type TCrmReconcileJob = z.infer<typeof ZCrmReconcileJobSchema>;

/**
 * The periodic safety net (scheduled by lib/jobs/runner.ts like events.cleanup): repairs call-log
 * drift, re-queues lead matching for contacts left unlinked, and polls CRM Leads modified since
 * the last run to apply owner/status changes whose webhook was lost (Frappe gives up after 3
 * attempts and never redelivers, reference §5.1).
 */
export const crmReconcileJob = defineJob({
  name: "crm.reconcile",
  version: 1,
  payload: ZCrmReconcileJobSchema,
  maxAttempts: 3,
  handler: () => import("./reconcile.handler"),
});
