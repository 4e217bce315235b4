import { route } from "@/lib/core/route";
import { findJobs } from "@/lib/jobs/find-jobs";
import { ZFindJobsQuerySchema, ZJobListSchema } from "@/lib/jobs/job.schema";

/** Admin: jobs by status (default dead-letter), newest first, `nextCursor` for the next page. */
export const GET = route(
  { permission: "jobs:manage", query: ZFindJobsQuerySchema },
  async ({ principal, query }) =>
    ZJobListSchema.parse(await findJobs({ ...query, workspaceId: principal.workspaceId })),
);
