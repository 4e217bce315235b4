import "server-only";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { toActivityItems } from "./activity-items";
import { type TCrmConfig, crmConfig } from "./config";
import type { TCrmPanel, TCrmPanelFields } from "./crm-panel.schema";
import { crmRecordUrl } from "./crm-record-url";
import { ZCrmReferenceSchema } from "./crm.schema";
import type { FrappeClient } from "./frappe-client";
import { FrappeError } from "./frappe-error";
import { getActivities } from "./get-activities";
import { getFrappeClient } from "./get-frappe-client";
import { userFrappeClient } from "./user-frappe-client";

export interface GetCrmPanelOptions {
  workspaceId: string;
  contactId: string;
  client?: FrappeClient;
  config?: TCrmConfig;
  /** The signed-in user: when they signed in with Frappe CRM, the panel reads with their own token (their CRM permissions). */
  userId?: string | null;
}

/**
 * The inbox's CRM panel for one contact: not linked → `{ linked: false }`; linked → the record's
 * key fields, recent activities (crm.api.activities.get_activities) and a link to open it in
 * Frappe. When Frappe is down or refuses, the answer is still 200 with `error` set to Frappe's
 * message, so the rest of the inbox keeps working. NOT_FOUND for another workspace's contact.
 * Reads as the user (their OAuth token, refreshed as needed) when they have one, else as the
 * integration user.
 */
export async function getCrmPanel(options: GetCrmPanelOptions): Promise<TCrmPanel> {
  const db = await getDb();
  const contact = await db.contact.findFirst({
    where: { id: options.contactId, workspaceId: options.workspaceId },
    select: { phone: true, waId: true, crmDoctype: true, crmName: true },
  });
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  const ref = ZCrmReferenceSchema.safeParse({ doctype: contact.crmDoctype, name: contact.crmName });
  if (!ref.success) return { linked: false, phone: contact.phone };

  const config = options.config ?? crmConfig();
  const client =
    options.client ??
    (options.userId ? await userFrappeClient({ userId: options.userId, config }) : null) ??
    getFrappeClient(config);
  const base = { linked: true as const, doctype: ref.data.doctype, name: ref.data.name, url: crmRecordUrl(config.baseUrl, ref.data) };
  try {
    const [doc, activities] = await Promise.all([
      client.getDoc<Record<string, unknown>>(ref.data.doctype, ref.data.name),
      getActivities({ name: ref.data.name, client }),
    ]);
    return { ...base, fields: pickFields(doc, ref.data.doctype), activities: toActivityItems(activities) };
  } catch (err) {
    if (!(err instanceof FrappeError) && !AppError.is(err, "PROVIDER_ERROR")) throw err;
    logger.warn({ err, contactId: options.contactId }, "CRM panel: Frappe unavailable");
    const text = err instanceof FrappeError ? err.userMessage : (err as AppError).userMessage;
    return { ...base, fields: null, activities: [], error: text };
  }
}

function pickFields(doc: Record<string, unknown>, doctype: string): TCrmPanelFields {
  const s = (k: string): string | null => (typeof doc[k] === "string" && doc[k] ? (doc[k] as string) : null);
  return {
    lead_name: s("lead_name"),
    first_name: s("first_name"),
    last_name: s("last_name"),
    organization: s("organization"),
    status: s("status"),
    lead_owner: doctype === "CRM Deal" ? s("deal_owner") : s("lead_owner"),
    email: s("email"),
    mobile_no: s("mobile_no"),
    phone: s("phone"),
    source: s("source"),
  };
}
