import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { assertCanSend } from "./assert-can-send";
import type { TMessageDto } from "./message.schema";
import { messageDtoById } from "./message-dtos";
import { pokeJobRunner } from "./poke-job-runner";
import { publishStatusChanged } from "./publish-message-events";

/**
 * Retry a failed outbound message: back to `pending` (error cleared) and a new send job. Only a
 * message Meta never accepted (no wamid) is resent as is; the window rule applies again.
 */
export async function retryMessage(options: { workspaceId: string; id: string }): Promise<TMessageDto> {
  const db = await getDb();
  const msg = await db.$transaction(async (tx) => {
    const m = await tx.message.findFirst({
      where: { id: options.id, workspaceId: options.workspaceId },
      select: { id: true, conversationId: true, direction: true, status: true, type: true, metaId: true, conversation: { select: { windowExpiresAt: true } } },
    });
    if (!m) throw new AppError("NOT_FOUND", { userMessage: "Message not found." });
    if (m.direction !== "outbound" || m.status !== "failed" || m.type === "note") throw new AppError("INVALID_STATE", { userMessage: "Only a failed outbound message can be retried." });
    assertCanSend(m.type, m.conversation.windowExpiresAt);
    await tx.message.update({ where: { id: m.id }, data: { status: "pending", statusAt: new Date(), metaId: null, errorCode: null, errorTitle: null, errorMessage: null } });
    await enqueueJob({ tx, name: "whatsapp.send_message", workspaceId: options.workspaceId, payload: { messageId: m.id }, idempotencyKey: `whatsapp.send_message:${m.id}:retry:${randomBytes(4).toString("hex")}` });
    return m;
  });
  pokeJobRunner();
  await publishStatusChanged(options.workspaceId, { messageId: msg.id, conversationId: msg.conversationId, status: "pending", error: null });
  return messageDtoById(msg.id);
}
