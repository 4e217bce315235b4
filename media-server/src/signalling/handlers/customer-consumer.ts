import type { Producer, RtpCapabilities } from "mediasoup/lib/types";
import type { AgentLeg } from "../../legs/agent-leg";
import type { CallRoom } from "../../rooms/call-room";
import type { TConsumeResponse } from "../contract";

/**
 * The customer's voice on the agent's receive transport, paused until `resumeConsumer`
 * (conventions §9); the client must resume it, because mediasoup-client's `consumer.paused` does
 * not mirror the server (media-bridge §9 fact 7). Shared by `consume` and the batched `joinCall`.
 */
export async function consumeCustomer(room: CallRoom, leg: AgentLeg, transportId: string, producer: Producer, rtpCapabilities: unknown): Promise<TConsumeResponse> {
  const consumer = await leg.consume(transportId, producer, rtpCapabilities as RtpCapabilities);
  if (room.isHeld) await consumer.pause();
  return { id: consumer.id, producerId: producer.id, kind: "audio", rtpParameters: consumer.rtpParameters, paused: true };
}
