import "server-only";
import type { Actor } from "@/lib/api/actor";
import { AppError } from "@/lib/core/app-error";
import type { TConversationDto } from "./conversation.schema";
import { updateConversationAndPublish } from "./update-and-publish";

/**
 * Reopens a resolved conversation. Only one conversation per contact and number may be open
 * (a partial unique index): if the customer wrote again meanwhile, that one is open → CONFLICT.
 */
export function reopenConversation(options: { workspaceId: string; id: string; actor: Actor }): Promise<TConversationDto> {
  return updateConversationAndPublish({
    ...options,
    action: "conversation.reopened",
    change: async (current, tx) => {
      if (current.status !== "resolved") return null;
      const row = await tx.conversation.findUniqueOrThrow({ where: { id: current.id }, select: { contactId: true, phoneNumberId: true } });
      const other = await tx.conversation.findFirst({
        where: { contactId: row.contactId, phoneNumberId: row.phoneNumberId, status: { not: "resolved" }, id: { not: current.id } },
        select: { id: true },
      });
      if (other) throw new AppError("CONFLICT", { userMessage: "This contact already has an open conversation on this number.", details: { openConversationId: other.id } });
      return { status: "open", resolvedAt: null };
    },
  });
}
