import "server-only";
import { type TCrmConfig, crmConfig } from "./config";
import type { TCrmCall } from "./crm.schema";
import type { FrappeClient } from "./frappe-client";
import { getFrappeClient } from "./get-frappe-client";
import { upsertCallLog } from "./upsert-call-log";

export interface ReconcileCallLogsOptions {
  /** Our calls (the truth) to compare with the CRM, e.g. the last day's ended calls. */
  calls: TCrmCall[];
  client?: FrappeClient;
  config?: TCrmConfig;
}

export interface ReconcileSummary {
  checked: number;
  /** Missing in the CRM (deleted, or every sync attempt was lost) and written again. */
  created: string[];
  /** Present but different (edited in the CRM, a lost update) and repaired. */
  repaired: string[];
  failed: { id: string; error: string }[];
}

/**
 * Compares each call with its CRM Call Log and repairs drift through the same idempotent upsert
 * the sync job uses. Webhooks and jobs can be lost in ways retries do not cover (a dead-lettered
 * job, a log deleted by hand); this is the periodic safety net. One failing call does not stop the
 * others.
 */
export async function reconcileCallLogs(options: ReconcileCallLogsOptions): Promise<ReconcileSummary> {
  const config = options.config ?? crmConfig();
  const client = options.client ?? getFrappeClient(config);
  const summary: ReconcileSummary = { checked: 0, created: [], repaired: [], failed: [] };
  for (const call of options.calls) {
    summary.checked++;
    try {
      const r = await upsertCallLog({ call, client, config });
      if (r.action === "created") summary.created.push(call.id);
      else if (r.action === "updated") summary.repaired.push(call.id);
    } catch (err) {
      summary.failed.push({ id: call.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return summary;
}
