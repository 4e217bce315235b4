import "server-only";
import { AppError } from "@/lib/core/app-error";
import { type TCrmConfig, crmConfig } from "./config";
import { type TCrmMatch, type TFindOrCreateLeadInput, ZFindOrCreateLeadInputSchema } from "./crm.schema";
import type { FrappeClient } from "./frappe-client";
import { FrappeError } from "./frappe-error";
import { getFrappeClient } from "./get-frappe-client";
import { buildLeadPayload, WHATSAPP_LEAD_SOURCE } from "./lead-payload";
import { normalizePhone, phoneLikePattern, phoneWrittenForms, samePhone } from "./phone";

export interface FindOrCreateLeadOptions extends TFindOrCreateLeadInput {
  client?: FrappeClient;
  config?: TCrmConfig;
}

interface LeadRow {
  name: string;
  lead_name?: string | null;
  mobile_no?: string | null;
  phone?: string | null;
  converted?: number | null;
  modified?: string;
}

/**
 * Finds the CRM record for a WhatsApp number, or creates a CRM Lead.
 *
 * Order, as CRM's own telephony lookup (`get_contact_by_phone_number`, reference §4.2) plus the
 * `phone` field that CRM ignores but sales teams fill in:
 * 1. a non-converted CRM Lead whose `mobile_no` (then `phone`) is this number in any written form;
 * 2. a CRM Deal whose contact (Contact Phone child rows — phones live in `phone_nos`, §3.3) has it;
 * 3. a converted lead → the deal it became;
 * 4. otherwise a new CRM Lead, source "WhatsApp", owner = the agent's Frappe user.
 * The search over-matches (LIKE with % between digits, plus an `in` over the written forms) and
 * every candidate is verified by normalising it to E.164.
 */
export async function findOrCreateLead(options: FindOrCreateLeadOptions): Promise<TCrmMatch> {
  const input = ZFindOrCreateLeadInputSchema.parse(options);
  const config = options.config ?? crmConfig();
  const client = options.client ?? getFrappeClient(config);
  const e164 = normalizePhone(input.phone, config.defaultRegion);
  if (!e164) throw new AppError("INVALID_INPUT", { userMessage: `Not a valid phone number: ${input.phone}` });

  const found = await findCrmRecordByPhone({ client, e164, region: config.defaultRegion });
  if (found) return found;

  await ensureLeadSource(client, WHATSAPP_LEAD_SOURCE);
  const body = buildLeadPayload({ e164, profileName: input.name, ownerEmail: input.ownerEmail });
  let lead: LeadRow;
  try {
    lead = await client.insert<LeadRow>("CRM Lead", body);
  } catch (err) {
    // An agent without a Frappe user (or a deactivated one) must not block lead creation.
    if (err instanceof FrappeError && err.httpStatus === 417 && body.lead_owner && /lead.?owner|user/i.test(err.messages.join(" "))) {
      delete body.lead_owner;
      lead = await client.insert<LeadRow>("CRM Lead", body);
    } else throw err;
  }
  return { doctype: "CRM Lead", name: lead.name, created: true, matchedBy: "created", title: lead.lead_name ?? null };
}

export async function findCrmRecordByPhone(opts: { client: FrappeClient; e164: string; region: string }): Promise<TCrmMatch | null> {
  const { client, e164, region } = opts;
  const forms = phoneWrittenForms(e164);
  const like = phoneLikePattern(e164);

  const leads = await client.getList<LeadRow>("CRM Lead", {
    fields: ["name", "lead_name", "mobile_no", "phone", "converted", "modified"],
    orFilters: [
      ["mobile_no", "in", forms],
      ["phone", "in", forms],
      ["mobile_no", "like", like],
      ["phone", "like", like],
    ],
    orderBy: "modified desc",
    limit: 20,
  });
  const open = leads.filter((l) => !l.converted);
  const byMobile = open.find((l) => samePhone(l.mobile_no, e164, region));
  if (byMobile) return leadMatch(byMobile, "mobile_no");
  const byPhone = open.find((l) => samePhone(l.phone, e164, region));
  if (byPhone) return leadMatch(byPhone, "phone");

  const deal = await findDealByContactPhone(client, e164, region);
  if (deal) return deal;

  const converted = leads.find((l) => l.converted && (samePhone(l.mobile_no, e164, region) || samePhone(l.phone, e164, region)));
  if (converted) {
    const [d] = await client.getList<{ name: string; organization?: string | null; lead_name?: string | null }>("CRM Deal", {
      fields: ["name", "organization", "lead_name"],
      filters: [["lead", "=", converted.name]],
      orderBy: "modified desc",
      limit: 1,
    });
    if (d) return { doctype: "CRM Deal", name: d.name, created: false, matchedBy: "mobile_no", title: d.organization ?? d.lead_name ?? null };
  }
  return null;
}

function leadMatch(l: LeadRow, matchedBy: "mobile_no" | "phone"): TCrmMatch {
  return { doctype: "CRM Lead", name: l.name, created: false, matchedBy, title: l.lead_name ?? null };
}

async function findDealByContactPhone(client: FrappeClient, e164: string, region: string): Promise<TCrmMatch | null> {
  // A 4-element filter targets the child table (Contact Phone rows of the Contact).
  const contacts = await client.getList<{ name: string }>("Contact", {
    fields: ["name"],
    filters: [["Contact Phone", "phone", "like", phoneLikePattern(e164)]],
    orderBy: "modified desc",
    limit: 10,
  });
  for (const c of contacts) {
    const doc = await client.findDoc<{ name: string; phone_nos?: { phone?: string }[] }>("Contact", c.name);
    if (!doc?.phone_nos?.some((row) => samePhone(row.phone, e164, region))) continue;
    const [deal] = await client.getList<{ name: string; organization?: string | null; lead_name?: string | null }>("CRM Deal", {
      fields: ["name", "organization", "lead_name"],
      filters: [["CRM Contacts", "contact", "=", c.name]],
      orderBy: "modified desc",
      limit: 1,
    });
    if (deal) return { doctype: "CRM Deal", name: deal.name, created: false, matchedBy: "contact_phone", title: deal.organization ?? deal.lead_name ?? null };
  }
  return null;
}

/**
 * Creates the CRM Lead Source if the site does not have it (a Link target must exist). One GET per
 * lead creation; not cached, so a source deleted in the CRM is recreated.
 */
export async function ensureLeadSource(client: FrappeClient, source: string): Promise<void> {
  const existing = await client.findDoc("CRM Lead Source", source);
  if (existing) return;
  try {
    await client.insert("CRM Lead Source", { source_name: source });
  } catch (err) {
    // Created concurrently by another job: fine.
    if (!(err instanceof FrappeError && err.isDuplicate)) throw err;
  }
}
