import { z } from "zod";

export const ZMediaFileDtoSchema = z.object({
  id: z.string(),
  /** Authenticated download (session or API key of the same workspace). */
  url: z.string(),
  mime: z.string(),
  size: z.number().int(),
  filename: z.string().nullable(),
});
export type TMediaFileDto = z.infer<typeof ZMediaFileDtoSchema>;

export const ZMediaFileIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();
