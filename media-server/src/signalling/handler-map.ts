import type { RequestName } from "./contract";
import { connectTransport } from "./handlers/connect-transport";
import { consume } from "./handlers/consume";
import { createTransport } from "./handlers/create-transport";
import { getRouterRtpCapabilities } from "./handlers/get-router-rtp-capabilities";
import type { SignallingHandler } from "./handlers/handler";
import { joinCall } from "./handlers/join-call";
import { leave } from "./handlers/leave";
import { produce } from "./handlers/produce";
import { resumeConsumer } from "./handlers/resume-consumer";
import { whoami } from "./handlers/whoami";

/** The dispatcher's map: request name → handler file. TypeScript insists every request has one. */
export const SIGNALLING_HANDLERS: { [K in RequestName]: SignallingHandler<K> } = {
  whoami,
  joinCall,
  getRouterRtpCapabilities,
  createTransport,
  connectTransport,
  produce,
  consume,
  resumeConsumer,
  leave,
};
