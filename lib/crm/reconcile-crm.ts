import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { applyLeadWebhook } from "./apply-lead-webhook";
import { type TCrmConfig, crmConfig } from "./config";
import { enqueueLeadMatch } from "./enqueue-crm-sync";
import type { FrappeClient } from "./frappe-client";
import { ZFrappeLeadWebhookSchema } from "./frappe-lead-webhook.schema";
import { getFrappeClient } from "./get-frappe-client";
import { loadCrmCall } from "./load-crm-call";
import { reconcileCallLogs, type ReconcileSummary } from "./reconcile-call-logs";

export interface ReconcileCrmOptions {
  now: Date;
  lookbackMs?: number;
  client?: FrappeClient;
  config?: TCrmConfig;
  log?: Logger;
}

export interface ReconcileCrmResult {
  calls: ReconcileSummary;
  /** Contacts without a CRM link whose lead match was queued again. */
  requeuedMatches: number;
  /** CRM Leads modified since the last poll and applied to linked contacts. */
  leadsPolled: number;
}

const WATERMARK_KEY = "crm.lead_modified";
const DEFAULT_LOOKBACK_MS = 24 * 3600_000;

/**
 * One reconciliation pass (see jobs/reconcile.ts). Calls: every call that started within the
 * lookback is compared with its CRM Call Log through the idempotent upsert. Contacts: a contact
 * created within the lookback that still has no CRM link (its match job dead-lettered while Frappe
 * was down) gets a fresh match job (new key per pass, so a dead one does not block it).
 * Leads: `modified > watermark` (site time strings sort lexically), applied like a webhook.
 */
export async function reconcileCrm(options: ReconcileCrmOptions): Promise<ReconcileCrmResult> {
  const db = await getDb();
  const config = options.config ?? crmConfig();
  const client = options.client ?? getFrappeClient(config);
  const since = new Date(options.now.getTime() - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS));

  const callRows = await db.call.findMany({ where: { startedAt: { gte: since } }, select: { id: true }, orderBy: { startedAt: "asc" }, take: 1000 });
  const calls = [];
  for (const { id } of callRows) {
    const loaded = await loadCrmCall({ callId: id });
    if (loaded) calls.push(loaded.call);
  }
  const callSummary = await reconcileCallLogs({ calls, client, config });

  const unlinked = await db.contact.findMany({
    where: { crmName: null, createdAt: { gte: since }, phone: { not: null } },
    select: { id: true, workspaceId: true, phone: true, name: true },
    take: 500,
  });
  let requeuedMatches = 0;
  for (const c of unlinked) {
    const pending = await db.job.count({ where: { name: "crm.match_lead", status: { in: ["queued", "running", "failed"] }, payload: { path: ["contactId"], equals: c.id } } });
    if (pending > 0) continue;
    await enqueueLeadMatch({ workspaceId: c.workspaceId, contactId: c.id, phone: c.phone!, name: c.name, retryTag: `reconcile-${options.now.toISOString()}` });
    requeuedMatches++;
  }

  // Lead poll, per workspace that has linked contacts (the watermark is kept per workspace).
  let leadsPolled = 0;
  const workspaces = await db.contact.findMany({ where: { crmDoctype: "CRM Lead" }, distinct: ["workspaceId"], select: { workspaceId: true } });
  if (workspaces.length > 0) {
    const marks = await db.crmSyncState.findMany({ where: { key: WATERMARK_KEY, workspaceId: { in: workspaces.map((w) => w.workspaceId) } } });
    const oldest = marks.length === workspaces.length ? marks.map((m) => String((m.value as { modified?: string }).modified ?? "")).sort()[0] : "";
    const leads = await client.getList<Record<string, unknown>>("CRM Lead", {
      fields: ["name", "lead_name", "first_name", "last_name", "status", "lead_owner", "mobile_no", "phone", "email", "organization", "converted", "modified"],
      filters: oldest ? [["modified", ">", oldest]] : [],
      orderBy: "modified asc",
      limit: 500,
    });
    let newest = oldest;
    for (const raw of leads) {
      const lead = ZFrappeLeadWebhookSchema.safeParse({ doctype: "CRM Lead", ...raw });
      if (!lead.success) continue;
      await applyLeadWebhook({ lead: lead.data, config, log: options.log });
      leadsPolled++;
      if (lead.data.modified && lead.data.modified > newest) newest = lead.data.modified;
    }
    if (newest) {
      for (const w of workspaces) {
        const value = { modified: newest } as Prisma.InputJsonValue;
        await db.crmSyncState.upsert({
          where: { workspaceId_key: { workspaceId: w.workspaceId, key: WATERMARK_KEY } },
          create: { workspaceId: w.workspaceId, key: WATERMARK_KEY, value },
          update: { value },
        });
      }
    }
  }
  const result = { calls: callSummary, requeuedMatches, leadsPolled };
  options.log?.info({ checked: callSummary.checked, created: callSummary.created.length, repaired: callSummary.repaired.length, failed: callSummary.failed.length, requeuedMatches, leadsPolled }, "CRM reconciliation done");
  return result;
}
