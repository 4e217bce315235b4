import "server-only";
import { randomUUID } from "node:crypto";
import { sha256Hex } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { whatsappProcessDeliveryJob } from "@/lib/jobs/definitions/whatsapp-process-delivery";
import { runJobNow } from "@/lib/jobs/run-job-now";
import { pokeJobRunner } from "./poke-job-runner";

export interface RecordWebhookDeliveryResult {
  deliveryId: string;
  /** False when these exact bytes were stored before (Meta redelivered them). */
  created: boolean;
}

interface Pending {
  dedupeKey: string;
  headers: string;
  body: string;
  error: string | null;
  /** Carries `calls` events: Meta waits on our pre_accept, so its job runs at once (runJobNow). */
  urgent: boolean;
  waiters: { resolve: (r: RecordWebhookDeliveryResult) => void; reject: (err: unknown) => void }[];
}

/**
 * Group commit. Every acknowledged delivery must be committed first (durably: Meta does not resend
 * what got a 200), and on PostgreSQL each commit waits for a WAL flush — under load that wait, not
 * the INSERT, is what Meta's request waits on. So deliveries arriving while a write is in flight
 * are queued and written together by the next statement: one round trip and one commit for many
 * requests, each answered only after the statement holding it committed. An idle server writes a
 * lone delivery at once (no timer, no added latency). At most MAX_IN_FLIGHT statements run at once,
 * leaving the rest of the connection pool to the job runner and the API.
 */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 100;
const queue = new Map<string, Pending>();
let inFlight = 0;

/**
 * Store the batch's deliveries unless these bytes were stored before, and queue a processing job
 * for each new row (the row enqueueJob() would write for the definition). Rows of the input that
 * already existed come back with created = false from the statement's snapshot.
 */
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
    AS i("id", "dedupeKey", "headers", "body", "error", "jobId")
), d AS (
  INSERT INTO "WebhookDelivery" ("id", "source", "dedupeKey", "headers", "body", "receivedAt", "error", "processedAt")
  SELECT "id", 'whatsapp', "dedupeKey", "headers"::jsonb, "body", now(), "error", CASE WHEN "error" IS NULL THEN NULL ELSE now() END
  FROM input
  ON CONFLICT ("dedupeKey") DO NOTHING
  RETURNING "id", "dedupeKey"
), j AS (
  INSERT INTO "Job" ("id", "name", "version", "payload", "status", "idempotencyKey", "maxAttempts", "runAt", "createdAt", "updatedAt")
  SELECT i."jobId", $7, $8, jsonb_build_object('deliveryId', d."id"), 'queued'::"JobStatus", $7 || ':' || d."id", $9, now(), now(), now()
  FROM d JOIN input i ON i."dedupeKey" = d."dedupeKey"
  WHERE i."error" IS NULL
  RETURNING "id"
)
SELECT "id", "dedupeKey", true AS "created" FROM d
UNION ALL
SELECT w."id", w."dedupeKey", false AS "created" FROM "WebhookDelivery" w
WHERE w."dedupeKey" = ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM d WHERE d."dedupeKey" = w."dedupeKey")`;

async function writeBatch(batch: Pending[]): Promise<void> {
  const db = await getDb();
  const jobIds = batch.map(() => randomUUID());
  const rows = await db.$queryRawUnsafe<{ id: string; dedupeKey: string; created: boolean }[]>(
    INSERT_SQL,
    batch.map(() => randomUUID()),
    batch.map((p) => p.dedupeKey),
    batch.map((p) => p.headers),
    batch.map((p) => p.body),
    batch.map((p) => p.error),
    jobIds,
    whatsappProcessDeliveryJob.name,
    whatsappProcessDeliveryJob.version,
    whatsappProcessDeliveryJob.maxAttempts ?? 8,
  );
  const byKey = new Map(rows.map((r) => [r.dedupeKey, r]));
  let created = false;
  for (const [i, p] of batch.entries()) {
    let row = byKey.get(p.dedupeKey);
    if (!row) {
      // A concurrent identical delivery (another instance) committed after this statement's snapshot.
      const found = await db.webhookDelivery.findUniqueOrThrow({ where: { dedupeKey: p.dedupeKey }, select: { id: true } });
      row = { id: found.id, dedupeKey: p.dedupeKey, created: false };
    }
    if (row.created && p.urgent) runJobNow(jobIds[i]);
    else created ||= row.created;
    // Identical bytes twice in one batch: the first waiter owns the new row, later ones are redeliveries.
    p.waiters.forEach((w, n) => w.resolve({ deliveryId: row.id, created: row.created && n === 0 }));
  }
  if (created) pokeJobRunner();
}

function flush(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.size > 0) {
    const batch: Pending[] = [];
    for (const [key, p] of queue) {
      batch.push(p);
      queue.delete(key);
      if (batch.length >= MAX_BATCH) break;
    }
    inFlight++;
    writeBatch(batch)
      .catch((err: unknown) => batch.forEach((p) => p.waiters.forEach((w) => w.reject(err))))
      .finally(() => {
        inFlight--;
        flush();
      });
  }
}

/**
 * Verify → **record** → enqueue → 200 (CONVENTIONS §5). The raw body is stored first under
 * sha256(body), so the very same delivery twice is stored (and processed) once; per-event dedupe
 * (wamid, status id + status) happens in processing, because Meta also re-batches events into
 * different deliveries. One processing job per delivery, in the same statement as the delivery.
 * Malformed JSON with a valid signature is stored with the error and not processed: answering
 * non-200 would only make Meta retry it for days.
 * Resolves once the delivery is committed (see the group commit above).
 */
export function recordWebhookDelivery(options: { raw: Uint8Array; headers: Record<string, string> }): Promise<RecordWebhookDeliveryResult> {
  const buf = Buffer.from(options.raw.buffer, options.raw.byteOffset, options.raw.byteLength);
  const body = buf.toString("utf8");
  const dedupeKey = `whatsapp:${sha256Hex(buf)}`;
  let malformed = false;
  let urgent = false;
  try {
    urgent = hasCallEvents(JSON.parse(body));
  } catch {
    malformed = true;
  }
  const promise = new Promise<RecordWebhookDeliveryResult>((resolve, reject) => {
    const waiter = { resolve, reject };
    const queued = queue.get(dedupeKey);
    if (queued) queued.waiters.push(waiter);
    else queue.set(dedupeKey, { dedupeKey, headers: JSON.stringify(options.headers), body, error: malformed ? "Malformed JSON" : null, urgent, waiters: [waiter] });
  });
  flush();
  if (malformed) {
    void promise.then(
      (r) => logger.warn({ deliveryId: r.deliveryId }, "WhatsApp webhook with a valid signature but malformed JSON; stored, not processed"),
      () => undefined,
    );
  }
  return promise;
}

/** A delivery with a `calls` change (connect, terminate, call statuses); shape checks are the job's. */
function hasCallEvents(json: unknown): boolean {
  const entries = (json as { entry?: unknown } | null)?.entry;
  return Array.isArray(entries) && entries.some((e) => Array.isArray((e as { changes?: unknown })?.changes) && (e as { changes: { field?: unknown }[] }).changes.some((c) => c?.field === "calls"));
}
