import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `resumeConsumer { consumerId }` — the client's consumer exists: start the audio (the customer stays silent while the call is on hold). */
export const resumeConsumer: SignallingHandler<"resumeConsumer"> = async ({ consumerId }, ctx) => {
  const { room, leg } = agentLegOf(ctx);
  await leg.resumeConsumer(consumerId, room.isHeld);
  return { ok: true };
};
