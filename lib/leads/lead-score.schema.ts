import { z } from "zod";

export const ZLeadScoreDtoSchema = z.object({
  score: z.number().int(),
  stage: z.enum(["cold", "warm", "hot", "qualified"]),
  changes: z.array(
    z.object({
      delta: z.number().int(),
      reason: z.string(),
      scoreAfter: z.number().int(),
      createdAt: z.string(),
    }),
  ),
});
export type TLeadScoreDto = z.infer<typeof ZLeadScoreDtoSchema>;

export const ZContactIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();
export const ZLeadScoreQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();
