import type { DtlsParameters } from "mediasoup/lib/types";
import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `connectTransport { transportId, dtlsParameters }` — mediasoup-client's transport `connect` event. */
export const connectTransport: SignallingHandler<"connectTransport"> = async ({ transportId, dtlsParameters }, ctx) => {
  await agentLegOf(ctx).leg.connectTransport(transportId, dtlsParameters as unknown as DtlsParameters);
  return { ok: true };
};
