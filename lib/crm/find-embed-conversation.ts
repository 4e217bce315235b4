import "server-only";
import { getDb } from "@/lib/core/db";
import type { TCrmReference } from "./crm.schema";

export interface TEmbedConversation {
  contact: { id: string; name: string | null; phone: string | null } | null;
  conversationId: string | null;
}

/**
 * The WhatsApp conversation for a CRM record, for the embedded view: the contact linked to the
 * lead/deal in this workspace, and its open conversation (else the latest one).
 */
export async function findEmbedConversation(options: { workspaceId: string; reference: TCrmReference }): Promise<TEmbedConversation> {
  const db = await getDb();
  const contact = await db.contact.findFirst({
    where: { workspaceId: options.workspaceId, crmDoctype: options.reference.doctype, crmName: options.reference.name },
    select: { id: true, name: true, phone: true },
    orderBy: { updatedAt: "desc" },
  });
  if (!contact) return { contact: null, conversationId: null };
  const conversation =
    (await db.conversation.findFirst({ where: { contactId: contact.id, status: { not: "resolved" } }, select: { id: true }, orderBy: { lastMessageAt: "desc" } })) ??
    (await db.conversation.findFirst({ where: { contactId: contact.id }, select: { id: true }, orderBy: { lastMessageAt: "desc" } }));
  return { contact, conversationId: conversation?.id ?? null };
}
