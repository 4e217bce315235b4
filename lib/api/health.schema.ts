import { z } from "zod";

export const ZHealthSchema = z.object({
  /** ok: everything answers; degraded: the database answers, the media-server does not; down: no database. */
  status: z.enum(["ok", "degraded", "down"]),
  db: z.object({
    ok: z.boolean(),
    latencyMs: z.number().nullable(),
    kind: z.enum(["postgres", "pglite"]),
    error: z.string().optional(),
  }),
  mediaServer: z.object({
    ok: z.boolean(),
    workers: z.number().int().optional(),
    error: z.string().optional(),
  }),
  version: z.string(),
});
export type THealth = z.infer<typeof ZHealthSchema>;
