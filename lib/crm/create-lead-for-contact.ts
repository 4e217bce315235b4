import "server-only";
import type { Actor } from "@/lib/api/actor";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { type TCrmConfig, crmConfig } from "./config";
import type { TCrmMatch } from "./crm.schema";
import { findOrCreateLead } from "./find-or-create-lead";
import { frappeUserOf } from "./find-user-by-frappe-user";
import type { FrappeClient } from "./frappe-client";
import { getFrappeClient } from "./get-frappe-client";
import { linkContactToCrm } from "./link-contact-to-crm";

export interface CreateLeadForContactOptions {
  workspaceId: string;
  contactId: string;
  actor: Actor;
  client?: FrappeClient;
  config?: TCrmConfig;
}

/**
 * "Create lead now" from the panel: runs the same find-or-create as the background match (so a
 * lead that appeared meanwhile is linked rather than duplicated), owned by the acting agent's
 * Frappe user, and links the contact. Synchronous on purpose: the agent waits for the answer, and
 * Frappe's refusal (417 …) is shown to them as PROVIDER_ERROR with Frappe's text.
 */
export async function createLeadForContact(options: CreateLeadForContactOptions): Promise<TCrmMatch> {
  const db = await getDb();
  const contact = await db.contact.findFirst({
    where: { id: options.contactId, workspaceId: options.workspaceId },
    select: { id: true, phone: true, waId: true, name: true },
  });
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  const phone = contact.phone ?? (/^\d{6,}$/.test(contact.waId) ? contact.waId : null);
  if (!phone) throw new AppError("INVALID_STATE", { userMessage: "This contact has no phone number to create a lead with." });
  const config = options.config ?? crmConfig();
  const client = options.client ?? getFrappeClient(config);
  const ownerEmail = options.actor.userId ? await frappeUserOf({ userId: options.actor.userId }) : null;
  const match = await findOrCreateLead({ phone, name: contact.name, ownerEmail: ownerEmail && /@/.test(ownerEmail) ? ownerEmail : null, client, config });
  await linkContactToCrm({ workspaceId: options.workspaceId, contactId: contact.id, reference: { doctype: match.doctype, name: match.name }, actor: options.actor, verified: true, client });
  return match;
}
