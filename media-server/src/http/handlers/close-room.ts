import { z } from "zod";
import { LegCloseReason } from "../../rooms/room-events";
import { defineControl } from "../control/control-handler";
import { ZCallIdSchema } from "./call-id.schema";

export const ZCloseRoomSchema = z.strictObject({
  callId: ZCallIdSchema,
  /** Web's end reason (hangup, terminated_by_meta, transfer …), logged; the event says closed_by_web. */
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a snake_case reason"),
});

/**
 * `POST /control/calls/close { callId, reason }` — ends the call's media: every leg, the router and
 * the loopback sockets. Closing an unknown or already closed call is a success (`closed: false`), so
 * web can retry after a timeout without special cases.
 */
export const closeRoom = defineControl({
  schema: ZCloseRoomSchema,
  async handle({ callId, reason }, ctx) {
    const room = ctx.rooms.get(callId);
    if (!room) return { ok: true, closed: false };
    ctx.log.info({ callId, webReason: reason }, "web closed the call");
    room.close(LegCloseReason.closed_by_web);
    return { ok: true, closed: true };
  },
});
