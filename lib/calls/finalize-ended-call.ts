import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { publishMessageCreated } from "@/lib/messages/publish-message-events";
import { dispatchQueuedCalls } from "@/lib/routing/dispatch-queued-calls";
import { callData } from "./call.mapper";

const LABEL: Record<string, string> = {
  completed: "Voice call",
  missed: "Missed voice call",
  no_answer: "Voice call not answered",
  rejected: "Voice call declined",
  failed: "Voice call failed",
  abandoned: "Missed voice call (no agent answered)",
};

function formatDuration(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/**
 * End-of-call work, once per call (guarded by `data.finalized` under the row lock): close the open
 * legs, put the call entry in the conversation thread (a Message of type "call": direction, status,
 * duration), then offer the freed agents to calls waiting in the queue.
 */
export async function finalizeEndedCall(o: { callId: string; log: Logger }): Promise<void> {
  const db = await getDb();
  const done = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT "id" FROM "Call" WHERE "id" = $1 FOR UPDATE`, o.callId);
    const call = await tx.call.findUniqueOrThrow({ where: { id: o.callId } });
    const d = callData(call);
    if (d.finalized) return null;
    await tx.call.update({ where: { id: call.id }, data: { data: { ...d, finalized: true } as Prisma.InputJsonValue } });
    await tx.callLeg.updateMany({ where: { callId: call.id, leftAt: null }, data: { leftAt: call.endedAt ?? new Date(), endReason: call.endReason } });
    if (!call.conversationId) return { call, messageId: null };
    const body = `${LABEL[call.status] ?? "Voice call"}${call.durationSec !== null ? ` · ${formatDuration(call.durationSec)}` : ""}`;
    const at = call.endedAt ?? new Date();
    const msg = await tx.message.create({
      data: {
        workspaceId: call.workspaceId,
        conversationId: call.conversationId,
        contactId: call.contactId,
        direction: call.direction,
        type: "call",
        body,
        content: { callId: call.id, status: call.status, durationSec: call.durationSec, endReason: call.endReason, agentId: call.agentId, error: d.error ?? null } as Prisma.InputJsonValue,
        status: call.direction === "inbound" ? "received" : "sent",
        statusAt: at,
        senderUserId: call.direction === "outbound" ? call.agentId : null,
        createdAt: at,
      },
      select: { id: true },
    });
    await tx.conversation.update({ where: { id: call.conversationId }, data: { lastMessageAt: at, lastMessageText: body } });
    return { call, messageId: msg.id };
  });
  if (!done) return;
  if (done.messageId) await publishMessageCreated(done.call.workspaceId, done.messageId).catch((err: unknown) => o.log.error({ err }, "call message publish failed"));
  await dispatchQueuedCalls({ workspaceId: done.call.workspaceId, log: o.log }).catch((err: unknown) => o.log.error({ err }, "queued call dispatch failed"));
}
