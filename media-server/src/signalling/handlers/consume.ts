import { AppError } from "../../../../lib/core/app-error";
import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";
import { consumeCustomer } from "./customer-consumer";

/** How long consume waits for the customer producer when Meta's SDP carried no a=ssrc (learnt from the first packet). */
const CUSTOMER_PRODUCER_WAIT_MS = 5_000;

/** `consume { transportId, source: "customer", rtpCapabilities }` — the customer's voice for the agent, paused until `resumeConsumer`. */
export const consume: SignallingHandler<"consume"> = async ({ transportId, rtpCapabilities }, ctx) => {
  const { room, leg } = agentLegOf(ctx);
  const producer = await room.customer?.waitForProducer(CUSTOMER_PRODUCER_WAIT_MS);
  if (!producer) throw new AppError("INVALID_STATE", { userMessage: "The customer's audio is not available yet." });
  return consumeCustomer(room, leg, transportId, producer, rtpCapabilities);
};
