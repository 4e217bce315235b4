import { z } from "zod";

export const ZCannedResponseSchema = z.object({ id: z.string(), shortcut: z.string(), body: z.string(), createdAt: z.string() });
export type TCannedResponse = z.infer<typeof ZCannedResponseSchema>;
export const ZCannedResponseListSchema = z.object({ data: z.array(ZCannedResponseSchema) });
export const ZCreateCannedResponseSchema = z
  .object({
    /** Typed after "/" in the composer: letters, digits, "-" and "_". */
    shortcut: z.string().trim().regex(/^[a-z0-9_-]{1,32}$/i, "letters, digits, - and _ (max 32)"),
    body: z.string().trim().min(1).max(4096),
  })
  .strict();
export const ZCannedResponseIdParamsSchema = z.object({ id: z.string().min(1).max(64) }).strict();
