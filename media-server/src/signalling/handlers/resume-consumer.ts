import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `resumeConsumer { consumerId }` — the client's consumer exists: start the audio (stays silent while the call is on hold). */
export const resumeConsumer: SignallingHandler<"resumeConsumer"> = async ({ consumerId }, ctx) => {
  const { room, leg } = agentLegOf(ctx);
  if (!room.isHeld) await leg.resumeConsumer(consumerId);
  return { ok: true };
};
