import "server-only";
import type { PhoneNumber, Prisma } from "@prisma/client";
import { upsertContact } from "@/lib/contacts/upsert-contact";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { assignAutomatically } from "@/lib/routing/assign-automatically";
import { extendWindow } from "@/lib/whatsapp/window";
import type { TWebhookEvent } from "@/lib/whatsapp/webhook.schema";
import { applyCallEvent, recordTimeline } from "./apply-call-event";
import { transition, type CallEvent, type Effect } from "./call-state";
import { callData, fromCallState } from "./call.mapper";
import { describeCallingError } from "./calling-errors";
import { publishCallChange } from "./publish-call-events";
import { runCallEffects } from "./run-call-effects";

type TCallWebhook = Extract<TWebhookEvent, { kind: "call" | "call_status" }>;

/**
 * One `calls` webhook event (connect, terminate, or a RINGING/ACCEPTED/REJECTED status) → the call's
 * state machine. Idempotent by the event's dedupe key (`<wacid>:<event>`). Meta does not keep
 * order (reference §8): a terminate for a call we have not seen leaves a tombstone row, so the late
 * connect finds an ended call and creates no media leg. Business-initiated events that overtake
 * Graph's answer to our `connect` (the wacid is stored right after it) are retried by the job.
 */
export async function handleCallWebhook(o: { phone: PhoneNumber; event: TCallWebhook; log: Logger }): Promise<{ outcome: string }> {
  const db = await getDb();
  const e = o.event;
  const existing = await db.call.findUnique({ where: { metaCallId: e.callId }, select: { id: true } });
  if (e.kind === "call_status") {
    if (!existing) throw new Error(`Call status ${e.status} for unknown call ${e.callId}; retrying (connect answer in flight?)`);
    const status = e.status as "RINGING" | "ACCEPTED" | "REJECTED";
    if (!["RINGING", "ACCEPTED", "REJECTED"].includes(status)) return { outcome: "ignored_status" };
    const r = await applyCallEvent({ callId: existing.id, event: { type: "status", status, at: Date.now() }, dedupeKey: e.dedupeKey, eventData: { metaStatus: status }, log: o.log });
    return { outcome: r.changed ? "applied" : "noop" };
  }

  const direction = e.direction === "BUSINESS_INITIATED" ? "outbound" : "inbound";
  const event = toStateEvent(e, direction);
  if (!event) return { outcome: "ignored_event" };
  const error = e.error ? describeCallingError({ code: e.error.code, title: e.error.title, message: e.error.message }) : null;
  const patchData = (d: ReturnType<typeof callData>) => ({
    ...d,
    ...(e.event === "connect" && direction === "outbound" && e.sdp ? { remoteSdp: e.sdp } : {}),
    ...(error ? { error: { code: error.code, message: error.userText, cause: error.cause } } : {}),
  });
  const eventData = { metaEvent: e.event, metaStatus: e.status ?? null, ...(error ? { metaCode: error.code, metaText: error.userText } : {}) };
  if (existing) {
    const r = await applyCallEvent({ callId: existing.id, event, dedupeKey: e.dedupeKey, eventData, patchData, context: e.sdp ? { remoteSdp: e.sdp } : {}, log: o.log });
    return { outcome: r.changed ? "applied" : "noop" };
  }
  if (direction === "outbound") throw new Error(`Webhook ${e.event} for business-initiated call ${e.callId} not stored yet; retrying`);
  return createFromWebhook(o.phone, e, event, patchData, eventData, o.log);
}

function toStateEvent(e: Extract<TCallWebhook, { kind: "call" }>, direction: "inbound" | "outbound"): CallEvent | null {
  const at = Date.now();
  if (e.event === "connect") return { type: "connect", direction, at };
  if (e.event === "terminate") {
    const metaStatus = e.status === "FAILED" ? "FAILED" : e.status === "COMPLETED" ? "COMPLETED" : undefined;
    return { type: "terminate", direction, at, ...(metaStatus ? { metaStatus } : {}), ...(e.durationSeconds !== undefined ? { durationSec: e.durationSeconds } : {}), ...(e.error ? { errorCode: e.error.code } : {}) };
  }
  return null;
}

/** A user-initiated call we have not seen: its contact, conversation and Call row (connect, or a terminate tombstone). */
async function createFromWebhook(
  phone: PhoneNumber,
  e: Extract<TCallWebhook, { kind: "call" }>,
  event: CallEvent,
  patchData: (d: ReturnType<typeof callData>) => ReturnType<typeof callData>,
  eventData: Record<string, unknown>,
  log: Logger,
): Promise<{ outcome: string }> {
  const r = transition(null, event);
  if (r instanceof Error || !r.next) return { outcome: "ignored" };
  const next = r.next;
  const db = await getDb();
  const created = await db.$transaction(async (tx) => {
    const contact = await upsertContact(tx, phone.workspaceId, e.contact ?? { waId: e.from });
    if (!contact) throw new Error(`Call ${e.callId} names no caller`);
    // Under the contact lock: a concurrent delivery of the same call has committed or waits.
    if (await tx.call.findUnique({ where: { metaCallId: e.callId }, select: { id: true } })) return null;
    // A call from the user opens the customer-service window like a message does.
    let conversation = await tx.conversation.findFirst({ where: { contactId: contact.id, phoneNumberId: phone.id, status: { not: "resolved" } }, select: { id: true, windowExpiresAt: true } });
    if (conversation) {
      await tx.conversation.update({ where: { id: conversation.id }, data: { windowExpiresAt: extendWindow(conversation.windowExpiresAt, new Date()) } });
    } else {
      const assigneeId = await assignAutomatically(tx, phone.workspaceId);
      conversation = await tx.conversation.create({
        data: { workspaceId: phone.workspaceId, contactId: contact.id, phoneNumberId: phone.id, assigneeId, windowExpiresAt: extendWindow(null, new Date()) },
        select: { id: true, windowExpiresAt: true },
      });
    }
    const waId = e.contact?.waId ?? e.from;
    const data = patchData({ offerSdp: e.sdp, waId });
    const cols = fromCallState(next, data);
    const call = await tx.call.create({
      data: {
        workspaceId: phone.workspaceId,
        metaCallId: e.callId,
        direction: next.direction,
        contactId: contact.id,
        conversationId: conversation.id,
        phoneNumberId: phone.id,
        startedAt: new Date(next.startedAt),
        status: next.status,
        endedAt: next.endedAt === null ? null : new Date(next.endedAt),
        endReason: next.endReason,
        data: cols.data as Prisma.InputJsonValue,
      },
    });
    await recordTimeline(tx, call, r.effects, { dedupeKey: e.dedupeKey, eventData });
    return call;
  });
  if (!created) return { outcome: "duplicate" };
  const previous = { ...next, status: "ringing" as const, endedAt: null, endReason: null, ringingAgentIds: [] };
  // Meta waits on pre_accept (issue 4: p95 < 150 ms from the webhook), so the WhatsApp leg and
  // pre_accept run first; call.updated, the CRM sync and routing follow. When setup fails, the
  // leg_failed event it applies publishes the ended call itself.
  const isSetup = (e: Effect) => e.type === "media.create_leg" || e.type === "graph.pre_accept";
  const setup = r.effects.filter(isSetup);
  const rest = r.effects.filter((e) => !isSetup(e));
  if (setup.length > 0 && !(await runCallEffects({ call: created, previous, effects: setup, context: { log, phone } }))) return { outcome: "setup_failed" };
  await publishCallChange(created, previous, log, { skipIfChanged: setup.length > 0 });
  await runCallEffects({ call: created, previous, effects: rest, context: { log, phone } });
  return { outcome: next.status === "ringing" ? "created" : "tombstone" };
}
