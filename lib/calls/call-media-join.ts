import "server-only";
import { getDb } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { mintMediaToken } from "@/lib/media/token";
import type { TCallJoin } from "./call.schema";
import { loadCallDto } from "./publish-call-events";

/**
 * What an agent needs to enter the call's media room: a CallLeg row (one open leg per agent) and a
 * short-lived media token naming the call (the media-server's joinCall checks it), plus the call.
 */
export async function callMediaJoin(o: { callId: string; workspaceId: string; userId: string }): Promise<TCallJoin> {
  const db = await getDb();
  const open = await db.callLeg.findFirst({ where: { callId: o.callId, kind: "agent", userId: o.userId, leftAt: null }, select: { id: true } });
  if (!open) await db.callLeg.create({ data: { workspaceId: o.workspaceId, callId: o.callId, kind: "agent", userId: o.userId } });
  const e = env();
  const { token, claims } = mintMediaToken({ userId: o.userId, workspaceId: o.workspaceId, role: "agent", callId: o.callId, ttlSec: 120 }, e.mediaServerSecret);
  return { call: await loadCallDto(o.callId), media: { token, url: e.mediaServerPublicUrl, expiresAt: new Date(claims.exp * 1000).toISOString() } };
}
