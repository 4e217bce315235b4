import "server-only";
import type { Actor } from "@/lib/api/actor";
import { AppError } from "@/lib/core/app-error";
import type { TConversationDto } from "./conversation.schema";
import { updateConversationAndPublish } from "./update-and-publish";

export interface AssignConversationOptions {
  workspaceId: string;
  id: string;
  /** null unassigns. The assignee must be an active user of the same workspace. */
  assigneeId: string | null;
  actor: Actor;
}

export function assignConversation(options: AssignConversationOptions): Promise<TConversationDto> {
  return updateConversationAndPublish({
    workspaceId: options.workspaceId,
    id: options.id,
    actor: options.actor,
    action: "conversation.assigned",
    change: async (current, tx) => {
      if (options.assigneeId) {
        const user = await tx.user.findFirst({
          where: { id: options.assigneeId, workspaceId: options.workspaceId, disabledAt: null },
          select: { id: true },
        });
        if (!user) throw new AppError("INVALID_INPUT", { userMessage: "assigneeId: no such active user in this workspace.", details: [{ field: "assigneeId", message: "Unknown user" }] });
      }
      if (current.assigneeId === options.assigneeId) return null;
      return { assignee: options.assigneeId ? { connect: { id: options.assigneeId } } : { disconnect: true } };
    },
  });
}
