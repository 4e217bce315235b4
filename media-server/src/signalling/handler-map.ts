import type { RequestName } from "./contract";
import type { SignallingHandler } from "./handlers/handler";
import { whoami } from "./handlers/whoami";

/** The dispatcher's map: request name → handler file. TypeScript insists every request has one. */
export const SIGNALLING_HANDLERS: { [K in RequestName]: SignallingHandler<K> } = {
  whoami,
};
