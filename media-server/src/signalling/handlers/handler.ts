import type { z } from "zod";
import type { Logger } from "../../lib/logger";
import type { WorkerPool } from "../../workers/worker-pool";
import type { REQUESTS, RequestName, ResponseMap, SocketPrincipal } from "../contract";

export interface SignallingContext {
  principal: SocketPrincipal;
  socketId: string;
  log: Logger;
  pool: WorkerPool;
}

/** One signalling request handler: parsed payload in, ack data out; throws AppError on failure. */
export type SignallingHandler<K extends RequestName> = (
  payload: z.output<(typeof REQUESTS)[K]["schema"]>,
  ctx: SignallingContext,
) => Promise<ResponseMap[K]>;
