import "server-only";
import { getDb } from "@/lib/core/db";
import { getMediaServerHealth } from "@/lib/media/media-client";
import { callingSettingsOf } from "./calling-settings";
import type { TCallingStatus } from "./call.schema";

/** Whether calls can be made and taken now: calling enabled for the workspace and the media-server answering. */
export async function getCallingStatus(o: { workspaceId: string }): Promise<TCallingStatus> {
  const db = await getDb();
  const ws = await db.workspace.findUnique({ where: { id: o.workspaceId }, select: { settings: true } });
  if (!callingSettingsOf(ws?.settings).enabled) return { available: false, reason: "calling_disabled" };
  const health = await getMediaServerHealth();
  return health.ok ? { available: true, reason: null } : { available: false, reason: "media_server_unreachable" };
}
