import type { TCreateTransportResponse } from "../contract";
import type { AgentLeg } from "../../legs/agent-leg";
import type { SignallingHandler } from "./handler";
import { agentLegOf } from "./agent-leg-of";

/** `createTransport { direction }` — a WebRtcTransport on MEDIA_LISTEN_IP (announced as MEDIA_ANNOUNCED_IP). */
export const createTransport: SignallingHandler<"createTransport"> = async ({ direction }, ctx) => newTransport(agentLegOf(ctx).leg, direction);

/** What mediasoup-client's createSendTransport / createRecvTransport need (also batched into joinCall). */
export async function newTransport(leg: AgentLeg, direction: "send" | "recv"): Promise<TCreateTransportResponse> {
  const info = await leg.createTransport(direction);
  return { id: info.id, iceParameters: info.iceParameters, iceCandidates: info.iceCandidates, dtlsParameters: info.dtlsParameters };
}
