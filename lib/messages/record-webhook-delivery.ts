import "server-only";
import { sha256Hex } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { randomUUID } from "node:crypto";
import { whatsappProcessDeliveryJob } from "@/lib/jobs/definitions/whatsapp-process-delivery";
import { pokeJobRunner } from "./poke-job-runner";

export interface RecordWebhookDeliveryResult {
  deliveryId: string;
  /** False when these exact bytes were stored before (Meta redelivered them). */
  created: boolean;
}

/**
 * Verify → **record** → enqueue → 200 (CONVENTIONS §5). The raw body is stored first under
 * sha256(body), so the very same delivery twice is stored (and processed) once; per-event dedupe
 * (wamid, status id + status) happens in processing, because Meta also re-batches events into
 * different deliveries. One processing job per delivery, in the same transaction.
 * Malformed JSON with a valid signature is stored with the error and not processed: answering
 * non-200 would only make Meta retry it for days.
 */
export async function recordWebhookDelivery(options: { raw: Uint8Array; headers: Record<string, string> }): Promise<RecordWebhookDeliveryResult> {
  const db = await getDb();
  const buf = Buffer.from(options.raw.buffer, options.raw.byteOffset, options.raw.byteLength);
  const body = buf.toString("utf8");
  const dedupeKey = `whatsapp:${sha256Hex(buf)}`;
  let malformed = false;
  try {
    JSON.parse(body);
  } catch {
    malformed = true;
  }
  // One statement, one round trip (this is the hot path Meta waits on): store the delivery unless
  // these bytes were stored before, and queue its processing job only when the row is new. The job
  // row is what enqueueJob() would write for the definition (payload validated just above).
  const rows = await db.$queryRawUnsafe<{ id: string; created: boolean }[]>(
    `WITH d AS (
       INSERT INTO "WebhookDelivery" ("id", "source", "dedupeKey", "headers", "body", "receivedAt", "error", "processedAt")
       VALUES ($1, 'whatsapp', $2, $3::jsonb, $4, now(), $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END)
       ON CONFLICT ("dedupeKey") DO NOTHING
       RETURNING "id"
     ), j AS (
       INSERT INTO "Job" ("id", "name", "version", "payload", "status", "idempotencyKey", "maxAttempts", "runAt", "createdAt", "updatedAt")
       SELECT $6, $7, $8, jsonb_build_object('deliveryId', d."id"), 'queued'::"JobStatus", $7 || ':' || d."id", $9, now(), now(), now()
       FROM d WHERE $5::text IS NULL
       RETURNING "id"
     )
     SELECT "id", true AS "created" FROM d
     UNION ALL
     SELECT "id", false AS "created" FROM "WebhookDelivery" WHERE "dedupeKey" = $2 AND NOT EXISTS (SELECT 1 FROM d)`,
    randomUUID(),
    dedupeKey,
    JSON.stringify(options.headers),
    body,
    malformed ? "Malformed JSON" : null,
    randomUUID(),
    whatsappProcessDeliveryJob.name,
    whatsappProcessDeliveryJob.version,
    whatsappProcessDeliveryJob.maxAttempts ?? 8,
  );
  // A concurrent identical delivery committed after this statement's snapshot: read it now.
  const row = rows[0] ?? { id: (await db.webhookDelivery.findUniqueOrThrow({ where: { dedupeKey }, select: { id: true } })).id, created: false };
  const result = { deliveryId: row.id, created: row.created };
  if (malformed) logger.warn({ deliveryId: result.deliveryId }, "WhatsApp webhook with a valid signature but malformed JSON; stored, not processed");
  if (result.created) pokeJobRunner();
  return result;
}
