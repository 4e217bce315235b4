import "server-only";
import type { Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import { BUSY_STATUSES } from "@/lib/routing/available-call-agents";
import { recordTimeline } from "./apply-call-event";
import { transition } from "./call-state";
import { callData, fromCallState } from "./call.mapper";
import type { TCallJoin } from "./call.schema";
import { callMediaJoin } from "./call-media-join";
import { callingApiForNumber } from "./calling-api-for-number";
import { publishCallChange } from "./publish-call-events";
import { runCallEffects } from "./run-call-effects";

/**
 * Click-to-call (business-initiated, reference §6.4): permission check (our CallPermission, then
 * Meta's `GET call_permissions`, since a user can also grant it from the business profile) → the
 * gateway's offer → Graph `connect` → Meta's answer in the connect webhook → RINGING / ACCEPTED.
 * No permission → 409 with `details.reason = "NO_PERMISSION"` and the action that sends the request.
 * Meta's refusals (138006, 138012 daily limit, 138013 country…) → 409 with `details.reason =
 * "META_REFUSED"`, Meta's text and `details.metaCode`; the call stays in the history as failed.
 */
export async function startOutboundCall(o: { workspaceId: string; agentId: string; contactId: string }): Promise<TCallJoin> {
  const log = logger.child({ mod: "calls", contactId: o.contactId });
  const db = await getDb();
  const [contact, agent] = await Promise.all([
    db.contact.findFirst({ where: { id: o.contactId, workspaceId: o.workspaceId }, select: { id: true, waId: true } }),
    db.user.findFirst({ where: { id: o.agentId, workspaceId: o.workspaceId, disabledAt: null }, select: { id: true } }),
  ]);
  if (!contact) throw new AppError("NOT_FOUND", { userMessage: "Contact not found." });
  if (!agent) throw new AppError("NOT_FOUND", { userMessage: "Agent not found." });
  if (await db.call.findFirst({ where: { workspaceId: o.workspaceId, agentId: agent.id, status: { in: BUSY_STATUSES } }, select: { id: true } })) {
    throw new AppError("CONFLICT", { userMessage: "The agent is already on a call." });
  }
  let conversation = await db.conversation.findFirst({ where: { contactId: contact.id, workspaceId: o.workspaceId, status: { not: "resolved" }, phoneNumberId: { not: null } }, orderBy: { lastMessageAt: "desc" }, include: { phoneNumber: true } });
  if (!conversation) {
    const phone = await db.phoneNumber.findFirst({ where: { workspaceId: o.workspaceId, callingEnabled: true }, orderBy: { createdAt: "asc" } });
    if (!phone) throw new AppError("INVALID_STATE", { userMessage: "No WhatsApp number is connected for calls." });
    conversation = await db.conversation.create({ data: { workspaceId: o.workspaceId, contactId: contact.id, phoneNumberId: phone.id }, include: { phoneNumber: true } });
  }
  const phone = conversation.phoneNumber!;

  const local = await db.callPermission.findUnique({ where: { contactId: contact.id } });
  const granted = local?.status === "granted" && (local.expiresAt === null || local.expiresAt > new Date());
  if (!granted) {
    const meta = await callingApiForNumber(phone).getCallPermissions({ userWaId: contact.waId });
    if (meta.status === "no_permission" || !meta.canStartCall) {
      throw new AppError("INVALID_STATE", {
        userMessage: meta.status === "no_permission" ? "This contact has not allowed calls yet. Send a call permission request first." : "WhatsApp does not allow another call to this contact now.",
        details: {
          reason: "NO_PERMISSION",
          permission: { status: local?.status ?? "none", meta: meta.status, canRequestPermission: meta.canRequestPermission, limits: meta.limits },
          action: { method: "POST", href: "/api/calls/permission-request", body: { contactId: contact.id } },
        },
      });
    }
    const data = { status: "granted", expiresAt: meta.status === "permanent" ? null : meta.expiresAt, respondedAt: local?.respondedAt ?? new Date() };
    await db.callPermission.upsert({ where: { contactId: contact.id }, create: { workspaceId: o.workspaceId, contactId: contact.id, ...data }, update: data });
  }

  const r = transition(null, { type: "dial", agentId: agent.id, at: Date.now() });
  if (r instanceof AppError || !r.next) throw r instanceof AppError ? r : new AppError("INTERNAL");
  const next = r.next;
  const call = await db.$transaction(async (tx) => {
    const cols = fromCallState(next, { waId: contact.waId });
    const row = await tx.call.create({
      data: {
        workspaceId: o.workspaceId,
        direction: "outbound",
        status: next.status,
        contactId: contact.id,
        conversationId: conversation.id,
        phoneNumberId: phone.id,
        agentId: agent.id,
        startedAt: new Date(next.startedAt),
        data: cols.data as Prisma.InputJsonValue,
      },
    });
    await recordTimeline(tx, row, r.effects, { actorId: agent.id });
    return row;
  });
  const previous = { ...next, status: "ringing" as const };
  await publishCallChange(call, previous, log);
  await runCallEffects({ call, previous, effects: r.effects, context: { log } });
  const after = await db.call.findUniqueOrThrow({ where: { id: call.id } });
  if (after.status === "failed" || after.status === "rejected") {
    const err = callData(after).error;
    if (err) {
      // Meta's refusals that are about this contact or our limits (no permission, daily limit,
      // country…) are a state the agent must see with Meta's text: 409 with the code. Meta outages
      // (connection error, unknown) stay 502.
      const outage = err.code === null || err.code === 138004 || err.code === 131000 || err.code === 131016;
      throw new AppError(outage ? "PROVIDER_ERROR" : "INVALID_STATE", {
        message: `connect refused: ${err.code} ${err.message}`,
        userMessage: err.message,
        details: { reason: "META_REFUSED", metaCode: err.code, cause: err.cause, callId: call.id },
      });
    }
    throw new AppError("UNAVAILABLE", { userMessage: "Calling is unavailable: the media server did not answer.", details: { callId: call.id } });
  }
  return callMediaJoin({ callId: call.id, workspaceId: o.workspaceId, userId: agent.id });
}
