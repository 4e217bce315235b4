import type { MediaConfig } from "../config";
import type { Logger } from "../lib/logger";
import type { RoomRegistry } from "../rooms/room-registry";
import type { WorkerPool } from "../workers/worker-pool";

/** What HTTP handlers (health, control API) may use. */
export interface HttpContext {
  config: MediaConfig;
  log: Logger;
  pool: WorkerPool;
  startedAt: number;
  /** Open call rooms. */
  roomCount(): number;
  rooms: RoomRegistry;
}
