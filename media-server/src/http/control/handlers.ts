import type { ControlHandler } from "./control-handler";
import { ping } from "./ping";
import { workerStats } from "./worker-stats";

/** The control API dispatcher: path → handler (one small file each). */
export const CONTROL_HANDLERS: Record<string, ControlHandler> = {
  "/control/ping": ping,
  "/control/worker-stats": workerStats,
};
