import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { publish } from "@/lib/events/bus";
import type { TViewer } from "./conversation.schema";
import { touchViewer } from "./viewers";

/**
 * POST …/viewing: the caller has this conversation open (sent every ~10 s by the inbox). Returns
 * everyone viewing it now, the caller included (the UI leaves itself out); publishes
 * `conversation.viewers_changed` when someone joined or a viewer's heartbeat lapsed.
 */
export async function heartbeatViewing(options: { workspaceId: string; id: string; principal: Principal }): Promise<{ viewers: TViewer[] }> {
  const db = await getDb();
  const conv = await db.conversation.findFirst({ where: { id: options.id, workspaceId: options.workspaceId }, select: { id: true } });
  if (!conv) throw new AppError("NOT_FOUND", { userMessage: "Conversation not found." });
  const p = options.principal;
  const viewer = { id: p.userId ?? `api_key:${p.apiKeyId ?? "unknown"}`, name: p.name };
  const { viewers, changed } = touchViewer(conv.id, viewer);
  if (changed) await publish({ type: "conversation.viewers_changed", workspaceId: options.workspaceId, data: { conversationId: conv.id, viewers } });
  return { viewers };
}
