import type { z } from "zod";
import type { Logger } from "../../lib/logger";
import type { RoomRegistry } from "../../rooms/room-registry";
import type { WorkerPool } from "../../workers/worker-pool";
import type { REQUESTS, RequestName, ResponseMap, ServerToClientEvents, SocketPrincipal } from "../contract";

export interface SignallingContext {
  principal: SocketPrincipal;
  socketId: string;
  log: Logger;
  pool: WorkerPool;
  rooms: RoomRegistry;
  /** One-way push to this socket. */
  notify<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

/** One signalling request handler: parsed payload in, ack data out; throws AppError on failure. */
export type SignallingHandler<K extends RequestName> = (
  payload: z.output<(typeof REQUESTS)[K]["schema"]>,
  ctx: SignallingContext,
) => Promise<ResponseMap[K]>;
