import { z } from "zod";

export const ZTemplateDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  category: z.string(),
  status: z.string(),
  components: z.array(z.unknown()),
  /** How many values the form must ask for ({{1}}… or {{name}}). */
  parameterCounts: z.object({ header: z.number().int(), body: z.number().int() }),
});
export type TTemplateDto = z.infer<typeof ZTemplateDtoSchema>;
export const ZTemplateListSchema = z.object({ data: z.array(ZTemplateDtoSchema) });
export const ZTemplateSyncResultSchema = z.object({ synced: z.number().int(), data: z.array(ZTemplateDtoSchema) });
