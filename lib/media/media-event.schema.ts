import { z } from "zod";

/**
 * Events the media-server POSTs to `/api/media/events` (signed, lib/media/signing.ts). Every event has
 * a `media.past_tense` type; the rest of the payload depends on the type and is kept as sent.
 */
export const ZMediaEventSchema = z.looseObject({
  type: z.string().regex(/^media\.[a-z][a-z0-9_.]{0,60}$/, "must look like media.past_tense"),
  at: z.string().optional(),
});
export type TMediaEvent = z.infer<typeof ZMediaEventSchema>;

/** `media.worker_died`: a mediasoup worker process exited; the media-server already replaced it. */
export const ZWorkerDiedEventSchema = z.object({
  type: z.literal("media.worker_died"),
  pid: z.number().int(),
  slot: z.number().int().min(0),
  at: z.string(),
});
