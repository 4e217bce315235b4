import type { RtpCapabilities } from "mediasoup/lib/types";
import { AppError } from "../../../../lib/core/app-error";
import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** How long consume waits for the customer producer when Meta's SDP carried no a=ssrc (learnt from the first packet). */
const CUSTOMER_PRODUCER_WAIT_MS = 5_000;

/**
 * `consume { transportId, source: "customer", rtpCapabilities }` — the customer's voice for the agent.
 * Paused until `resumeConsumer` (conventions §9); the client must resume it, because mediasoup-client's
 * `consumer.paused` does not mirror the server (media-bridge §9 fact 7).
 */
export const consume: SignallingHandler<"consume"> = async ({ transportId, rtpCapabilities }, ctx) => {
  const { room, leg } = agentLegOf(ctx);
  const producer = await room.customer?.waitForProducer(CUSTOMER_PRODUCER_WAIT_MS);
  if (!producer) throw new AppError("INVALID_STATE", { userMessage: "The customer's audio is not available yet." });
  const consumer = await leg.consume(transportId, producer, rtpCapabilities as unknown as RtpCapabilities);
  if (room.isHeld) await consumer.pause();
  return { id: consumer.id, producerId: producer.id, kind: "audio", rtpParameters: consumer.rtpParameters, paused: true };
};
