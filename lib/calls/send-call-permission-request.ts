import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { logger, type Logger } from "@/lib/core/logger";
import { publish } from "@/lib/events/bus";
import { publishMessageCreated, publishStatusChanged } from "@/lib/messages/publish-message-events";
import { isWindowOpen } from "@/lib/whatsapp/window";
import { callingApiForNumber } from "./calling-api-for-number";
import { callingSettingsOf } from "./calling-settings";
import { toPermissionDto } from "./call-permission.mapper";
import type { TCallPermissionDto } from "./call.schema";

export interface SendCallPermissionRequestOptions {
  /** Abandon recovery: the call that was missed. */
  callId?: string;
  /** Agent request: the contact to ask. */
  workspaceId?: string;
  contactId?: string;
  senderUserId?: string | null;
  bodyText?: string;
  reason: "abandon" | "agent";
  log?: Logger;
}

/**
 * Sends the interactive `call_permission_request` (reference §6.6: free-form, inside the 24-hour
 * window; body optional, no header/footer) as a Message in the contact's conversation, so it shows
 * in the inbox, and marks the contact's CallPermission `requested`. Meta's reply arrives later as a
 * `call_permission_reply` message (apply-permission-reply.ts). Meta's refusals (138009 request
 * limit, 138017 permanent permission exists, 131026 old app) fail the message with Meta's text and
 * are thrown to the agent.
 */
export async function sendCallPermissionRequest(o: SendCallPermissionRequestOptions): Promise<{ messageId: string; permission: TCallPermissionDto }> {
  const log = o.log ?? logger.child({ mod: "calls" });
  const db = await getDb();
  let workspaceId = o.workspaceId;
  let contactId = o.contactId;
  if (o.callId) {
    const call = await db.call.findUniqueOrThrow({ where: { id: o.callId }, select: { workspaceId: true, contactId: true } });
    workspaceId = call.workspaceId;
    contactId = call.contactId;
  }
  if (!workspaceId || !contactId) throw new AppError("INVALID_INPUT", { userMessage: "contactId is required." });
  const contact = await db.contact.findFirst({ where: { id: contactId, workspaceId }, select: { id: true, waId: true, optedOut: true } });
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  const conversation = await db.conversation.findFirst({
    where: { contactId: contact.id, workspaceId, status: { not: "resolved" }, phoneNumberId: { not: null } },
    orderBy: { lastMessageAt: "desc" },
    include: { phoneNumber: true, workspace: { select: { settings: true } } },
  });
  if (!conversation?.phoneNumber) throw new AppError("INVALID_STATE", { userMessage: "This contact has no open WhatsApp conversation to send the request in." });
  if (!isWindowOpen(conversation.windowExpiresAt)) {
    // Outside the window Meta only takes a template with a call_permission_request component.
    throw new AppError("INVALID_STATE", { userMessage: "The 24-hour window is closed; send a call permission template instead.", details: { reason: "window_closed" } });
  }
  const text = o.bodyText ?? (o.reason === "abandon" ? callingSettingsOf(conversation.workspace.settings).callbackText : "May we call you on WhatsApp?");
  const now = new Date();
  const message = await db.$transaction(async (tx) => {
    const m = await tx.message.create({
      data: {
        workspaceId,
        conversationId: conversation.id,
        contactId: contact.id,
        direction: "outbound",
        type: "interactive",
        body: text,
        content: { kind: "call_permission_request", text, reason: o.reason, ...(o.callId ? { callId: o.callId } : {}) } as Prisma.InputJsonValue,
        status: "pending",
        senderUserId: o.senderUserId ?? null,
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: now, lastMessageText: text } });
    return m;
  });
  await publishMessageCreated(workspaceId, message.id);

  try {
    const sent = await callingApiForNumber(conversation.phoneNumber).sendCallPermissionRequest({ to: contact.waId, bodyText: text });
    await db.message.update({ where: { id: message.id }, data: { metaId: sent.messageId, status: "sent", statusAt: new Date() } });
    await publishStatusChanged(workspaceId, { messageId: message.id, conversationId: conversation.id, status: "sent", error: null });
    const perm = await db.callPermission.upsert({
      where: { contactId: contact.id },
      create: { workspaceId, contactId: contact.id, status: "requested", requestedAt: now, requestMetaId: sent.messageId },
      update: { status: "requested", requestedAt: now, requestMetaId: sent.messageId },
    });
    const permission = toPermissionDto(perm);
    await publish({ type: "call.permission_changed", workspaceId, data: { permission } });
    return { messageId: message.id, permission };
  } catch (err) {
    const details = AppError.is(err) ? (err.details as { metaCode?: number | null } | undefined) : undefined;
    const title = AppError.is(err) ? err.userMessage : "Not sent";
    await db.message.update({ where: { id: message.id }, data: { status: "failed", statusAt: new Date(), errorCode: details?.metaCode ?? null, errorTitle: title, errorMessage: title } });
    await publishStatusChanged(workspaceId, { messageId: message.id, conversationId: conversation.id, status: "failed", error: { code: details?.metaCode ?? null, title, message: title } });
    log.warn({ err, contactId: contact.id }, "call permission request refused");
    throw err;
  }
}
