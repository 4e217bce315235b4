import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `createTransport { direction }` — a WebRtcTransport on MEDIA_LISTEN_IP (announced as MEDIA_ANNOUNCED_IP). */
export const createTransport: SignallingHandler<"createTransport"> = async ({ direction }, ctx) => {
  const info = await agentLegOf(ctx).leg.createTransport(direction);
  return { id: info.id, iceParameters: info.iceParameters, iceCandidates: info.iceCandidates, dtlsParameters: info.dtlsParameters };
};
