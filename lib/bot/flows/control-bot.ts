import "server-only";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/api/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { loadConversationDto } from "@/lib/conversations/load-conversation-dto";
import { publishConversationUpdated } from "@/lib/conversations/publish-conversation-updated";
import type { TConversationDto } from "@/lib/conversations/conversation.schema";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { handBackToBot } from "../bot-state";
import { readBotData, writeBotData } from "./bot-data";

export type TBotControlAction = "hand_back" | "pause";

/**
 * An agent's switch on a conversation: `hand_back` gives it to the bot again (it answers the next
 * message, with a clean failure count); `pause` keeps the bot silent without a hand-off.
 * Opted-out contacts stay silent whatever the switch says (run-bot-turn checks the contact).
 */
export async function controlBot(o: {
  workspaceId: string;
  conversationId: string;
  action: TBotControlAction;
  actor: Actor;
}): Promise<TConversationDto> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const conv = await tx.conversation.findFirst({
      where: { id: o.conversationId, workspaceId: o.workspaceId },
      select: { id: true, botData: true },
    });
    if (!conv) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
    const { state, flow } = readBotData(conv.botData);
    const data =
      o.action === "hand_back"
        ? {
            botState: "active" as const,
            botData: writeBotData(handBackToBot(state), {
              ...flow,
              handedOffAt: undefined,
            }) as Prisma.InputJsonValue,
          }
        : { botState: "paused" as const };
    await tx.conversation.update({ where: { id: conv.id }, data });
    await recordAudit({
      tx,
      workspaceId: o.workspaceId,
      actorId: o.actor.id,
      actorType: o.actor.type,
      ip: o.actor.ip,
      action: o.action === "hand_back" ? "bot.handed_back" : "bot.paused",
      targetType: "conversation",
      targetId: conv.id,
    });
  });
  const dto = await loadConversationDto(o.workspaceId, o.conversationId);
  await publishConversationUpdated(o.workspaceId, dto);
  return dto;
}
