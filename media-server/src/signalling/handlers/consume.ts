import type { RtpCapabilities } from "mediasoup/lib/types";
import { AppError } from "../../../../lib/core/app-error";
import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";
import { consumeCustomer } from "./customer-consumer";

/** How long consume waits for the customer producer when Meta's SDP carried no a=ssrc (learnt from the first packet). */
const CUSTOMER_PRODUCER_WAIT_MS = 5_000;

/** `consume { transportId, source: "customer", rtpCapabilities }` — the customer's voice for the agent, paused until `resumeConsumer`. */
export const consume: SignallingHandler<"consume"> = async ({ transportId, rtpCapabilities }, ctx) => {
  const { room, leg } = agentLegOf(ctx);
  leg.setRtpCapabilities(rtpCapabilities as unknown as RtpCapabilities);
  const producer = await room.customer?.waitForProducer(CUSTOMER_PRODUCER_WAIT_MS);
  if (!producer) throw new AppError("INVALID_STATE", { userMessage: "The customer's audio is not available yet." });
  const consumer = await consumeCustomer(room, leg, transportId, producer, rtpCapabilities);
  // A leg set up request by request (no capabilities on joinCall) learns of the agents already
  // talking now; later ones are pushed as they start.
  for (const peer of await room.peerConsumersFor(leg)) ctx.notify("peerConsumer", { callId: room.callId, consumer: peer });
  return consumer;
};
