import { ZFindJobsQuerySchema, ZJobDTOSchema, ZJobIdParamsSchema, ZJobListSchema } from "@/lib/jobs/job.schema";
import { defineApiRoute } from "../openapi";

const tags = ["jobs"];
export const listJobsRoute = defineApiRoute({ method: "GET", path: "/api/v1/jobs", summary: "Jobs by status (default dead-letter), newest first", tags, permission: "jobs:manage", query: ZFindJobsQuerySchema, response: ZJobListSchema });
export const retryJobRoute = defineApiRoute({ method: "POST", path: "/api/v1/jobs/{id}/retry", summary: "Put a dead-lettered job back in the queue", tags, permission: "jobs:manage", params: ZJobIdParamsSchema, response: ZJobDTOSchema, errors: [409] });
