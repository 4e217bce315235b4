import "server-only";
import { getDb } from "@/lib/core/db";

export const EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface DeleteOldEventsOptions {
  now?: Date;
  maxAgeMs?: number;
}

/**
 * Retention for the realtime event log: rows older than 24 h are deleted. A browser that has been
 * away longer than that reloads its views instead of resuming (its Last-Event-ID finds nothing).
 */
export async function deleteOldEvents(options: DeleteOldEventsOptions = {}): Promise<{ deleted: number }> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.maxAgeMs ?? EVENT_RETENTION_MS));
  const db = await getDb();
  const { count } = await db.event.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return { deleted: count };
}
