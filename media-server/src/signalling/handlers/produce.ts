import type { RtpParameters } from "mediasoup/lib/types";
import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `produce { transportId, kind: "audio", rtpParameters }` — the agent's microphone; the customer hears it from now on. */
export const produce: SignallingHandler<"produce"> = async ({ transportId, rtpParameters }, ctx) => {
  const producer = await agentLegOf(ctx).leg.produce(transportId, rtpParameters as unknown as RtpParameters);
  return { id: producer.id };
};
