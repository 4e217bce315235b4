import { z } from "zod";
import { openEventStream } from "@/lib/events/open-event-stream";
import { route } from "@/lib/core/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ZEventsQuerySchema = z
  .object({
    lastEventId: z
      .string()
      .regex(/^\d{1,19}$/)
      .optional(),
  })
  .strict();

/** Server-sent events for the signed-in user (session or API key), with Last-Event-ID resume. */
export const GET = route({ query: ZEventsQuerySchema }, async ({ req, principal, query }) => {
  const header = req.headers.get("last-event-id");
  const lastEventId = header && /^\d{1,19}$/.test(header.trim()) ? header.trim() : query.lastEventId;
  return openEventStream({ principal, lastEventId, signal: req.signal });
});
