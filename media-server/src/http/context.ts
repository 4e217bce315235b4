import type { MediaConfig } from "../config";
import type { Logger } from "../lib/logger";
import type { WorkerPool } from "../workers/worker-pool";

/** What HTTP handlers (health, control API) may use. */
export interface HttpContext {
  config: MediaConfig;
  log: Logger;
  pool: WorkerPool;
  startedAt: number;
  /** Open call rooms (none until the rooms module lands). */
  roomCount(): number;
}
