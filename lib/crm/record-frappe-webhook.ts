import "server-only";
import { sha256Hex } from "@/lib/core/crypto";
import { getDb } from "@/lib/core/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { pokeJobRunner } from "@/lib/messages/poke-job-runner";
import { crmApplyWebhookJob, crmApplyWebhookKey } from "./jobs/apply-webhook";

export interface RecordFrappeWebhookResult {
  deliveryId: string;
  /** False when these exact bytes were stored before (Frappe retries up to 3 times, §5.1). */
  created: boolean;
}

/**
 * Verify (in the route) → **record** → enqueue → 200 (CONVENTIONS §5). The raw body is stored under
 * `frappe:sha256(body)`, so Frappe's in-job retries of the same delivery are stored and applied
 * once; the delivery row and its job commit together.
 */
export async function recordFrappeWebhook(options: { raw: Uint8Array; headers: Record<string, string> }): Promise<RecordFrappeWebhookResult> {
  const db = await getDb();
  const buf = Buffer.from(options.raw.buffer, options.raw.byteOffset, options.raw.byteLength);
  const dedupeKey = `frappe:${sha256Hex(buf)}`;
  const result = await db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.createMany({
      data: [{ source: "frappe", dedupeKey, headers: options.headers, body: buf.toString("utf8") }],
      skipDuplicates: true,
    });
    const row = await tx.webhookDelivery.findUniqueOrThrow({ where: { dedupeKey }, select: { id: true } });
    if (count === 1) {
      await enqueueJob({ tx, name: crmApplyWebhookJob.name, payload: { deliveryId: row.id }, idempotencyKey: crmApplyWebhookKey(row.id) });
    }
    return { deliveryId: row.id, created: count === 1 };
  });
  if (result.created) pokeJobRunner();
  return result;
}
