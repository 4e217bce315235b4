import { z } from "zod";

/** DTOs and inputs of the admin jobs API. Client components may import this file. */
export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "dead"] as const;
export const ZJobStatusSchema = z.enum(JOB_STATUSES);
export type TJobStatus = z.infer<typeof ZJobStatusSchema>;

export const ZJobDTOSchema = z.object({
  id: z.string(),
  workspaceId: z.string().nullable(),
  name: z.string(),
  version: z.number().int(),
  status: ZJobStatusSchema,
  payload: z.unknown(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type TJobDTO = z.infer<typeof ZJobDTOSchema>;

export const ZFindJobsQuerySchema = z
  .object({
    status: ZJobStatusSchema.default("dead"),
    cursor: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type TFindJobsQuery = z.infer<typeof ZFindJobsQuerySchema>;

export const ZJobListSchema = z.object({ data: z.array(ZJobDTOSchema), nextCursor: z.string().nullable() });
export type TJobList = z.infer<typeof ZJobListSchema>;

export const ZJobIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();
