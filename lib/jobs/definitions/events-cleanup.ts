import { z } from "zod";
import { defineJob } from "../job-definition";

/** Deletes realtime events older than the retention (24 h). Scheduled hourly by the runner. */
export const eventsCleanupJob = defineJob({
  name: "events.cleanup",
  version: 1,
  payload: z.object({ maxAgeMs: z.number().int().positive().optional() }).strict(),
  maxAttempts: 3,
  handler: () => import("./events-cleanup.handler"),
});
