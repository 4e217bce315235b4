import "server-only";
import { type TCrmConfig, crmConfig } from "./config";
import { callLogChanges, buildCallLogPayload } from "./call-log-payload";
import { type TCrmCall, ZCrmCallSchema } from "./crm.schema";
import type { FrappeClient, FrappeDoc } from "./frappe-client";
import { FrappeError } from "./frappe-error";
import { getFrappeClient } from "./get-frappe-client";

export interface UpsertCallLogOptions {
  call: TCrmCall;
  client?: FrappeClient;
  config?: TCrmConfig;
}

export interface UpsertCallLogResult {
  name: string;
  action: "created" | "updated" | "unchanged";
  changes: Record<string, unknown>;
}

const DOCTYPE = "CRM Call Log";

/**
 * Creates the CRM Call Log when the call starts and updates it as the call changes and ends, like
 * CRM's Twilio/Exotel handlers (reference §4.2). Idempotent: the document name is our call id, so
 * it looks the log up first, and an insert that loses a race (or whose first attempt timed out but
 * committed) answers 409 DuplicateEntryError and becomes an update. Updates never move a finished
 * log back to a live status.
 */
export async function upsertCallLog(options: UpsertCallLogOptions): Promise<UpsertCallLogResult> {
  const call = ZCrmCallSchema.parse(options.call);
  const config = options.config ?? crmConfig();
  const client = options.client ?? getFrappeClient(config);
  const desired = buildCallLogPayload(call, { timeZone: config.timeZone });

  let existing = await client.findDoc<FrappeDoc>(DOCTYPE, call.id);
  if (!existing) {
    try {
      const doc = await client.insert<FrappeDoc>(DOCTYPE, desired);
      return { name: doc.name, action: "created", changes: desired };
    } catch (err) {
      if (!(err instanceof FrappeError && err.isDuplicate)) throw err;
      existing = await client.getDoc<FrappeDoc>(DOCTYPE, call.id);
    }
  }
  const changes = callLogChanges(existing, desired);
  if (Object.keys(changes).length === 0) return { name: existing.name, action: "unchanged", changes };
  await client.update(DOCTYPE, existing.name, changes);
  return { name: existing.name, action: "updated", changes };
}
