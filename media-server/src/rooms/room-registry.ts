import { AppError } from "../../../lib/core/app-error";
import type { Logger } from "../lib/logger";
import type { WorkerPool } from "../workers/worker-pool";
import { CallRoom, type CallRoomDeps } from "./call-room";
import { LegCloseReason } from "./room-events";

/**
 * Open call rooms by call id. `getOrCreate` is serialised per id (a promise map, as mediasoup-demo
 * does with its AwaitQueue): two concurrent control calls for one call get the same room, never two
 * routers. Rooms remove themselves when they close.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, CallRoom>();
  private readonly creating = new Map<string, Promise<CallRoom>>();
  /** Rooms created since start: lets a test see that a call got no room at all, not just none left open. */
  createdCount = 0;

  constructor(
    private readonly pool: Pick<WorkerPool, "getWorker">,
    private readonly deps: CallRoomDeps & { log: Logger },
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  get(callId: string): CallRoom | undefined {
    return this.rooms.get(callId);
  }

  /** The open room, or NOT_FOUND. */
  require(callId: string): CallRoom {
    const room = this.rooms.get(callId);
    if (!room) throw new AppError("NOT_FOUND", { userMessage: "No media for this call on this media server." });
    return room;
  }

  getOrCreate(callId: string): Promise<CallRoom> {
    const open = this.rooms.get(callId);
    if (open) return Promise.resolve(open);
    const pending = this.creating.get(callId);
    if (pending) return pending;
    const p = (async () => {
      const room = await CallRoom.create(callId, this.pool.getWorker(), this.deps);
      this.rooms.set(callId, room);
      this.createdCount++;
      room.onClose(() => {
        if (this.rooms.get(callId) === room) this.rooms.delete(callId);
      });
      return room;
    })().finally(() => this.creating.delete(callId));
    this.creating.set(callId, p);
    return p;
  }

  /** A browser socket went away: close its legs in every room. */
  leaveSocket(socketId: string, reason: LegCloseReason = LegCloseReason.agent_left): void {
    for (const room of this.rooms.values()) room.agentBySocket(socketId)?.close(reason);
  }

  list(): CallRoom[] {
    return [...this.rooms.values()];
  }

  closeAll(reason: LegCloseReason = LegCloseReason.shutdown): void {
    for (const room of [...this.rooms.values()]) room.close(reason);
  }
}
