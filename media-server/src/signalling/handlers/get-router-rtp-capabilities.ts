import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `getRouterRtpCapabilities {}` — for mediasoup-client's `device.load()` (also returned by joinCall). */
export const getRouterRtpCapabilities: SignallingHandler<"getRouterRtpCapabilities"> = async (_payload, ctx) => ({
  routerRtpCapabilities: agentLegOf(ctx).room.rtpCapabilities,
});
