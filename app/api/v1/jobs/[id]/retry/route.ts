import { route } from "@/lib/core/route";
import { ZJobDTOSchema, ZJobIdParamsSchema } from "@/lib/jobs/job.schema";
import { retryDeadJob } from "@/lib/jobs/retry-dead-job";

/** Admin: a dead-lettered job goes back to the queue with its attempts reset (audit-logged). */
export const POST = route(
  { permission: "jobs:manage", params: ZJobIdParamsSchema },
  async ({ req, principal, params }) => {
    const ip = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
    return ZJobDTOSchema.parse(await retryDeadJob({ jobId: params.id, principal, ip }));
  },
);
