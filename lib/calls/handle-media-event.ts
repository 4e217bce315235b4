import "server-only";
import { getDb } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import type { TMediaEvent } from "@/lib/media/media-event.schema";
import { applyCallEvent, noteCallEvent } from "./apply-call-event";
import { checkMediaServer } from "./check-media-server";

/**
 * Drives calls from the media-server's signed events (media-server/src/rooms/room-events.ts). The
 * media-server reports facts about legs; the state machine decides (duplicates and late events are
 * no-ops). `callId` in these events is our Call id (web names the room).
 */
export async function handleMediaEvent(event: TMediaEvent): Promise<void> {
  const log = logger.child({ mod: "calls.media", type: event.type });
  if (event.type === "media.worker_died") {
    // Rooms on the dead worker close with room_closed(worker_died); also check the server at once.
    await checkMediaServer({ tick: Math.floor(Date.now() / 1000), log });
    return;
  }
  if (!event.type.startsWith("media.call.")) return;
  const callId = typeof event.callId === "string" ? event.callId : null;
  if (!callId) return;
  const db = await getDb();
  const call = await db.call.findUnique({ where: { id: callId }, select: { id: true, workspaceId: true, agentId: true } });
  if (!call) return;
  const leg = event.leg === "agent" ? "agent" : "customer";
  const userId = typeof event.userId === "string" ? event.userId : undefined;
  const reason = typeof event.reason === "string" ? event.reason : undefined;
  const at = Date.now();
  switch (event.type) {
    case "media.call.leg_connected":
      if (leg === "agent" && userId && userId !== call.agentId) {
        await noteCallEvent(call, "participant_connected", { userId }, userId);
        return;
      }
      await applyCallEvent({ callId, event: { type: "leg_connected", leg, ...(userId ? { agentId: userId } : {}), at }, eventData: { leg, userId: userId ?? null }, log });
      return;
    case "media.call.leg_failed":
      if (leg === "agent" && userId && userId !== call.agentId) {
        await db.callLeg.updateMany({ where: { callId, kind: "agent", userId, leftAt: null }, data: { leftAt: new Date(), endReason: reason ?? "leg_failed" } });
        await noteCallEvent(call, "participant_left", { userId, reason: reason ?? null }, userId);
        return;
      }
      await applyCallEvent({ callId, event: { type: "leg_failed", leg, ...(userId ? { agentId: userId } : {}), at }, eventData: { leg, userId: userId ?? null, reason: reason ?? null }, log });
      return;
    case "media.call.media_timeout":
      await applyCallEvent({ callId, event: { type: "media_timeout", at }, eventData: { silentForMs: event.silentForMs ?? null }, log });
      return;
    case "media.call.dtmf":
      await noteCallEvent(call, "dtmf", { from: "customer", digit: typeof event.digit === "string" ? event.digit : null });
      return;
    case "media.call.room_closed":
      if (reason === "closed_by_web") return;
      if (reason === "worker_died" || reason === "shutdown") {
        await applyCallEvent({ callId, event: { type: "media_server_lost", at }, eventData: { reason }, log });
        return;
      }
      // ice_failed, media_timeout…: the leg event came first and ended the call; otherwise end it now.
      await applyCallEvent({ callId, event: { type: "leg_failed", leg: "customer", at }, eventData: { leg: "customer", reason: reason ?? "room_closed" }, log });
      return;
  }
}
