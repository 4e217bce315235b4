import "server-only";
import type { Prisma } from "@prisma/client";
import { CONTACT_DTO_SELECT, toContactDto } from "@/lib/contacts/contact.mapper";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { loadConversationDto } from "@/lib/conversations/load-conversation-dto";
import { publishConversationUpdated } from "@/lib/conversations/publish-conversation-updated";
import { publish } from "@/lib/events/bus";
import { type TCrmConfig, crmConfig } from "./config";
import { findUserByFrappeUser } from "./find-user-by-frappe-user";
import type { TFrappeLeadWebhook } from "./frappe-lead-webhook.schema";
import { normalizePhone } from "./phone";

export interface ApplyLeadWebhookOptions {
  lead: TFrappeLeadWebhook;
  config?: TCrmConfig;
  log?: Logger;
}

export interface ApplyLeadWebhookResult {
  /** Contacts linked to this lead (in every workspace; one Frappe site serves the deployment). */
  contacts: number;
  updatedContacts: string[];
  reassignedConversations: string[];
  /** Older than what we already applied (webhooks are not ordered, reference §5.1). */
  stale: number;
}

/**
 * Applies a CRM Lead change from Frappe to the contacts linked to it (Contact.crmDoctype/crmName):
 * - `lead_owner` → the assignee of the contact's open conversations, through the agent ↔ Frappe
 *   user mapping (an owner nobody maps to leaves the assignee alone);
 * - `status` → `contact.leadStage` (and attributes.crm.status);
 * - contact details: the lead's name → contact name, `mobile_no` → phone in E.164 (only when it is
 *   a valid number; the WhatsApp id stays the key).
 * Frappe delivers each webhook up to 3 times and in no guaranteed order, so the lead's `modified`
 * is kept in attributes.crm.modified and an older or equal delivery changes nothing (idempotent).
 * Unknown leads are ignored. Publishes contact.updated / conversation.updated after the commit.
 */
export async function applyLeadWebhook(options: ApplyLeadWebhookOptions): Promise<ApplyLeadWebhookResult> {
  const lead = options.lead;
  const config = options.config ?? crmConfig();
  const db = await getDb();
  const result: ApplyLeadWebhookResult = { contacts: 0, updatedContacts: [], reassignedConversations: [], stale: 0 };
  if (lead.doctype !== "CRM Lead") return result;

  const linked = await db.contact.findMany({
    where: { crmDoctype: "CRM Lead", crmName: lead.name },
    select: { id: true, workspaceId: true },
  });
  result.contacts = linked.length;
  const published: { workspaceId: string; contactId: string; conversationIds: string[] }[] = [];

  for (const { id, workspaceId } of linked) {
    const change = await db.$transaction(async (tx) => {
      // Lock the contact row: concurrent deliveries for the same lead apply one after the other.
      await tx.$queryRawUnsafe(`SELECT 1 FROM "Contact" WHERE "id" = $1 FOR UPDATE`, id);
      const contact = await tx.contact.findUniqueOrThrow({
        where: { id },
        select: { id: true, name: true, phone: true, leadStage: true, attributes: true },
      });
      const attributes = (contact.attributes && typeof contact.attributes === "object" ? contact.attributes : {}) as Record<string, unknown>;
      const crm = (attributes.crm && typeof attributes.crm === "object" ? attributes.crm : {}) as Record<string, unknown>;
      if (lead.modified && typeof crm.modified === "string" && crm.modified >= lead.modified) return { stale: true as const };

      const data: Prisma.ContactUpdateInput = {};
      const name = lead.lead_name?.trim() || [lead.first_name, lead.last_name].filter((s) => s && s.trim()).join(" ").trim();
      if (name && name !== contact.name) data.name = name;
      if (lead.status && lead.status !== contact.leadStage) data.leadStage = lead.status;
      const phone = lead.mobile_no ? normalizePhone(lead.mobile_no, config.defaultRegion) : null;
      if (phone && phone !== contact.phone) data.phone = phone;
      const nextCrm = {
        ...crm,
        ...(lead.status !== undefined ? { status: lead.status ?? null } : {}),
        ...(lead.lead_owner !== undefined ? { owner: lead.lead_owner ?? null } : {}),
        ...(lead.email !== undefined ? { email: lead.email ?? null } : {}),
        ...(lead.organization !== undefined ? { organization: lead.organization ?? null } : {}),
        ...(lead.modified ? { modified: lead.modified } : {}),
      };
      data.attributes = { ...attributes, crm: nextCrm } as Prisma.InputJsonValue;
      const contactChanged = "name" in data || "leadStage" in data || "phone" in data;
      await tx.contact.update({ where: { id }, data });

      const conversationIds: string[] = [];
      if (lead.lead_owner) {
        const owner = await findUserByFrappeUser({ workspaceId, frappeUser: lead.lead_owner, tx });
        if (owner) {
          const open = await tx.conversation.findMany({
            where: { workspaceId, contactId: id, status: { not: "resolved" }, NOT: { assigneeId: owner.id } },
            select: { id: true, assigneeId: true },
          });
          for (const c of open) {
            await tx.conversation.update({ where: { id: c.id }, data: { assigneeId: owner.id } });
            await tx.auditLog.create({
              data: {
                workspaceId,
                actorType: "system",
                action: "conversation.assigned",
                targetType: "conversation",
                targetId: c.id,
                data: { assigneeId: owner.id, previousAssigneeId: c.assigneeId, source: "frappe", leadOwner: lead.lead_owner },
              },
            });
            conversationIds.push(c.id);
          }
        }
      }
      return { stale: false as const, contactChanged, conversationIds };
    });
    if (change.stale) {
      result.stale++;
      continue;
    }
    if (change.contactChanged) result.updatedContacts.push(id);
    result.reassignedConversations.push(...change.conversationIds);
    if (change.contactChanged || change.conversationIds.length > 0) published.push({ workspaceId, contactId: id, conversationIds: change.conversationIds });
  }

  // After the commits (CONVENTIONS §6).
  for (const p of published) {
    const contact = await db.contact.findUnique({ where: { id: p.contactId }, select: CONTACT_DTO_SELECT });
    if (contact) await publish({ type: "contact.updated", workspaceId: p.workspaceId, data: { contactId: contact.id, contact: toContactDto(contact) } });
    for (const conversationId of p.conversationIds) {
      await publishConversationUpdated(p.workspaceId, await loadConversationDto(p.workspaceId, conversationId));
    }
  }
  options.log?.info({ lead: lead.name, ...result }, "Frappe lead change applied");
  return result;
}
