import { callRouterRtpCapabilities } from "../router-capabilities";
import type { SignallingHandler } from "./handler";

/** `getRouterRtpCapabilities {}` — for mediasoup-client's `device.load()`: the joined call's router, else what every call router has. */
export const getRouterRtpCapabilities: SignallingHandler<"getRouterRtpCapabilities"> = async (_payload, ctx) => {
  const room = ctx.principal.callId ? ctx.rooms.get(ctx.principal.callId) : undefined;
  return { routerRtpCapabilities: room?.rtpCapabilities ?? callRouterRtpCapabilities() };
};
