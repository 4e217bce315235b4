import "server-only";
import type { Actor } from "@/lib/api/actor";
import type { TConversationDto } from "./conversation.schema";
import { updateConversationAndPublish } from "./update-and-publish";

/** PATCH: replaces the label set (trimmed, de-duplicated, order kept). */
export function updateConversationLabels(options: { workspaceId: string; id: string; labels?: string[]; actor: Actor }): Promise<TConversationDto> {
  return updateConversationAndPublish({
    workspaceId: options.workspaceId,
    id: options.id,
    actor: options.actor,
    action: "conversation.labels_changed",
    change: async (current) => {
      if (!options.labels) return null;
      const labels = [...new Set(options.labels.map((l) => l.trim()).filter(Boolean))];
      if (labels.length === current.labels.length && labels.every((l, i) => l === current.labels[i])) return null;
      return { labels };
    },
  });
}
