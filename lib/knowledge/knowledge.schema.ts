import { z } from "zod";

/** Knowledge base entries as the API and the settings page see them (client-safe). */
export const ZKnowledgeLanguageSchema = z.enum(["en", "hi", "hinglish"]);

export const ZKnowledgeEntryDtoSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  tags: z.array(z.string()),
  language: ZKnowledgeLanguageSchema,
  updatedAt: z.string(),
});
export type TKnowledgeEntryDto = z.infer<typeof ZKnowledgeEntryDtoSchema>;

export const ZKnowledgeListSchema = z.object({ data: z.array(ZKnowledgeEntryDtoSchema) });

export const ZKnowledgeInputSchema = z
  .object({
    question: z.string().trim().min(1).max(500),
    answer: z.string().trim().min(1).max(4000),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
    language: ZKnowledgeLanguageSchema.default("en"),
  })
  .strict();
export type TKnowledgeInput = z.infer<typeof ZKnowledgeInputSchema>;

export const ZKnowledgeUpdateSchema = z
  .object({
    question: z.string().trim().min(1).max(500).optional(),
    answer: z.string().trim().min(1).max(4000).optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
    language: ZKnowledgeLanguageSchema.optional(),
  })
  .strict();
export type TKnowledgeUpdate = z.infer<typeof ZKnowledgeUpdateSchema>;

export const ZKnowledgeListQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    language: ZKnowledgeLanguageSchema.optional(),
  })
  .strict();
export type TKnowledgeListQuery = z.infer<typeof ZKnowledgeListQuerySchema>;

export const ZKnowledgeIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();
