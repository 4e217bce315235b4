import { PermanentJobError } from "@/lib/jobs/permanent-job-error";
import { FrappeError } from "../frappe-error";

/**
 * Runs a CRM step inside a job handler: Frappe answers that a retry cannot change (417 validation,
 * 403, 404, 409 that upsert did not absorb) dead-letter the job at once; 429, 5xx and no-answer
 * errors are rethrown so the runner retries with backoff.
 */
export async function runCrmStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof FrappeError && !err.retryable) {
      throw new PermanentJobError(err.message, { cause: err });
    }
    throw err;
  }
}
