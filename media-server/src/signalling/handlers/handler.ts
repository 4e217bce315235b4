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
  /** MEDIA_SERVER_SECRET, to verify the call token a joinCall presents. */
  secret: string;
  /** Makes `principal` (a verified call token's claims) what this socket's later requests act as. */
  bindCall(principal: SocketPrincipal): void;
  /** One-way push to this socket. */
  notify<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

/** One signalling request handler: parsed payload in, ack data out; throws AppError on failure. */
export type SignallingHandler<K extends RequestName> = (
  payload: z.output<(typeof REQUESTS)[K]["schema"]>,
  ctx: SignallingContext,
) => Promise<ResponseMap[K]>;
