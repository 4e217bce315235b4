import "server-only";
import { deleteOldEvents } from "@/lib/events/delete-old-events";
import type { JobHandler } from "../job-definition";

const handler: JobHandler<{ maxAgeMs?: number }> = async (payload, ctx) => {
  const result = await deleteOldEvents({ now: ctx.now, maxAgeMs: payload.maxAgeMs });
  ctx.log.info(result, "old events deleted");
  return result;
};

export default handler;
