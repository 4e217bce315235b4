import "server-only";
import type { PhoneNumber } from "@prisma/client";
import { upsertContact } from "@/lib/contacts/upsert-contact";
import { getDb } from "@/lib/core/db";
import { publish } from "@/lib/events/bus";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";
import { toPermissionDto } from "./call-permission.mapper";

const TEMPORARY_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A `call_permission_reply` (reference §6.6): the user accepted or declined our request, or granted
 * callback permission after a call (`response_source: automatic`). Updates the contact's
 * CallPermission and publishes `call.permission_changed`. The reply message itself is stored by the
 * messages domain. Temporary permission lasts 7 days (§6.7) when Meta gives no expiry.
 */
export async function applyPermissionReply(o: { phone: PhoneNumber; event: Extract<TWebhookEvent, { kind: "message" }> }): Promise<boolean> {
  const c = o.event.message.content;
  if (c.kind !== "interactive" || !c.permission) return false;
  const db = await getDb();
  const accepted = c.permission.response === "accept";
  const now = o.event.message.timestamp;
  const perm = await db.$transaction(async (tx) => {
    const contact = await upsertContact(tx, o.phone.workspaceId, o.event.contact);
    if (!contact) return null;
    const existing = await tx.callPermission.findUnique({ where: { contactId: contact.id } });
    // Out-of-order replies: an older reply never overwrites a newer one.
    if (existing?.respondedAt && existing.respondedAt > now) return null;
    const expiresAt = accepted ? (c.permission!.isPermanent ? null : (c.permission!.expiresAt ?? new Date(now.getTime() + TEMPORARY_MS))) : null;
    const data = { status: accepted ? "granted" : "denied", respondedAt: now, expiresAt };
    return tx.callPermission.upsert({ where: { contactId: contact.id }, create: { workspaceId: o.phone.workspaceId, contactId: contact.id, ...data }, update: data });
  });
  if (!perm) return false;
  await publish({ type: "call.permission_changed", workspaceId: perm.workspaceId, data: { permission: toPermissionDto(perm) } });
  return true;
}
