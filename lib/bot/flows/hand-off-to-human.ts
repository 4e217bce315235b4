import "server-only";
import type { Prisma } from "@prisma/client";
import { addConversationNote } from "@/lib/conversations/add-conversation-note";
import { loadConversationDto } from "@/lib/conversations/load-conversation-dto";
import { publishConversationUpdated } from "@/lib/conversations/publish-conversation-updated";
import { getDb } from "@/lib/core/db";
import { enqueueCrmNote } from "@/lib/crm/enqueue-crm-sync";
import { escapeHtml } from "@/lib/crm/note-payload";
import { assignAutomatically } from "@/lib/routing/assign-automatically";
import type { TEscalationReason } from "../actions";
import type { TBotState } from "../bot-state";
import { writeBotData, type TFlowData } from "./bot-data";

/**
 * The bot steps back: botState handed_off (the bot stays silent), the conversation goes to the
 * routing queue (kept with its agent, or assigned automatically when it has none), and the agent
 * gets an internal note with the bot's short summary. Published as conversation.updated.
 */
export async function handOffToHuman(o: {
  workspaceId: string;
  conversationId: string;
  reason: TEscalationReason;
  summary: string;
  state: TBotState;
  flow: TFlowData;
  now: Date;
}): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const conv = await tx.conversation.findUniqueOrThrow({
      where: { id: o.conversationId },
      select: { assigneeId: true, contactId: true },
    });
    const assigneeId = conv.assigneeId ?? (await assignAutomatically(tx, o.workspaceId));
    await tx.conversation.update({
      where: { id: o.conversationId },
      data: {
        botState: "handed_off",
        assigneeId,
        botData: writeBotData(
          { ...o.state, handedOff: true },
          { ...o.flow, handedOffAt: o.now.toISOString() },
        ) as Prisma.InputJsonValue,
      },
    });
    // The conversation summary goes to the CRM timeline too (skipped while the contact has no lead).
    const reason = o.reason.replace("_", " ");
    await enqueueCrmNote({
      workspaceId: o.workspaceId,
      contactId: conv.contactId,
      key: `handoff:${o.conversationId}:${o.now.toISOString()}`,
      title: `WhatsApp bot hand-off (${reason}) ${o.now.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      content: `<p>${escapeHtml(o.summary)}</p>`,
      tx,
    });
  });
  await addConversationNote({
    workspaceId: o.workspaceId,
    id: o.conversationId,
    body: `🤖 Bot hand-off (${o.reason.replace("_", " ")}): ${o.summary}`,
    authorId: null,
  });
  await publishConversationUpdated(o.workspaceId, await loadConversationDto(o.workspaceId, o.conversationId));
}
