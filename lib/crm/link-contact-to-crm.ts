import "server-only";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { CONTACT_DTO_SELECT, toContactDto } from "@/lib/contacts/contact.mapper";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { publish } from "@/lib/events/bus";
import type { TCrmReference } from "./crm.schema";
import type { FrappeClient } from "./frappe-client";
import { getFrappeClient } from "./get-frappe-client";

export interface LinkContactToCrmOptions {
  workspaceId: string;
  contactId: string;
  reference: TCrmReference;
  actor: Actor | null;
  /** Skip the existence check (the record was just created by us). */
  verified?: boolean;
  client?: FrappeClient;
}

/**
 * Links a contact to an existing CRM Lead or Deal (by document name, as shown in Frappe). The record
 * must exist in Frappe (404 → NOT_FOUND with Frappe's message; Frappe down → PROVIDER_ERROR). The
 * link and its audit row commit together; contact.updated is published after.
 */
export async function linkContactToCrm(options: LinkContactToCrmOptions): Promise<void> {
  const db = await getDb();
  const contact = await db.contact.findFirst({ where: { id: options.contactId, workspaceId: options.workspaceId }, select: { id: true, crmDoctype: true, crmName: true } });
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  if (!options.verified) {
    const client = options.client ?? getFrappeClient();
    const doc = await client.findDoc(options.reference.doctype, options.reference.name);
    if (!doc) throw new AppError("NOT_FOUND", { userMessage: `${options.reference.doctype} ${options.reference.name} does not exist in Frappe CRM.` });
  }
  await db.$transaction(async (tx) => {
    await tx.contact.update({ where: { id: contact.id }, data: { crmDoctype: options.reference.doctype, crmName: options.reference.name } });
    await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actorId: options.actor?.id ?? null,
      actorType: options.actor?.type ?? "system",
      ip: options.actor?.ip ?? null,
      action: "contact.crm_linked",
      targetType: "contact",
      targetId: contact.id,
      data: { doctype: options.reference.doctype, name: options.reference.name, previous: contact.crmName ? { doctype: contact.crmDoctype, name: contact.crmName } : null },
    });
  });
  const dto = await db.contact.findUniqueOrThrow({ where: { id: contact.id }, select: CONTACT_DTO_SELECT });
  await publish({ type: "contact.updated", workspaceId: options.workspaceId, data: { contactId: contact.id, contact: toContactDto(dto) } });
}
