import { defineJob } from "@/lib/jobs/job-definition";
import { type TCrmCall, ZCrmCallSchema } from "../crm.schema";

/**
 * Writes one call's state to its CRM Call Log (create at start, update as it changes and ends).
 * One job per (call, status): the key makes a repeated enqueue of the same state a no-op, and the
 * handler's upsert is idempotent and monotonic, so jobs that run late or out of order are harmless.
 */
export const crmSyncCallLogJob = defineJob({
  name: "crm.sync_call_log",
  version: 1,
  payload: ZCrmCallSchema,
  maxAttempts: 12,
  handler: () => import("./sync-call-log.handler"),
});

export function crmSyncCallLogKey(call: Pick<TCrmCall, "id" | "status">): string {
  return `crm.sync_call_log:${call.id}:${call.status}`;
}
