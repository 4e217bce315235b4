import type { RtpCapabilities } from "mediasoup/lib/types";
import { AppError } from "../../../../lib/core/app-error";
import { authorizeSocket } from "../authorize-socket";
import { principalOfCallToken } from "./call-token";
import { newTransport } from "./create-transport";
import { consumeCustomer } from "./customer-consumer";
import type { SignallingHandler } from "./handler";

/**
 * `joinCall { callId, as: "agent", token?, rtpCapabilities? }` — the agent's browser enters the call's
 * media room. The token web minted on accept names the call (a token for another call, or none, is
 * FORBIDDEN), so a browser can only join the call it was given, and only once web let it in: it
 * comes in the handshake, or as `token` on the softphone's standing socket. The room must exist: web
 * creates it with the WhatsApp leg first. With `rtpCapabilities`, a new leg's transports, the
 * customer's consumer and the other agents' (a conference) come back in the same answer (three round
 * trips fewer on the accept path); agents who start producing later are pushed (`peerConsumer`).
 */
export const joinCall: SignallingHandler<"joinCall"> = async ({ callId, token, rtpCapabilities }, ctx) => {
  const principal = token === undefined ? ctx.principal : principalOfCallToken(token, ctx);
  if (principal.callId !== callId) {
    throw new AppError("FORBIDDEN", { message: `token for call ${principal.callId ?? "(none)"} used for ${callId}`, userMessage: "This token is not for this call." });
  }
  authorizeSocket(principal, "calls:use");
  const room = ctx.rooms.require(callId);
  const { leg, created } = room.joinAgent(principal.userId, ctx.socketId);
  ctx.bindCall(principal);
  if (created) {
    leg.onClosed((reason) => ctx.notify("legClosed", { callId, legId: leg.id, reason }));
    leg.onPeerConsumer((consumer) => ctx.notify("peerConsumer", { callId, consumer }));
    leg.onConsumerClosed((consumerId) => ctx.notify("consumerClosed", { callId, consumerId }));
  }
  ctx.log.info({ callId, legId: leg.id }, "agent joined call");
  const joined = { legId: leg.id, routerRtpCapabilities: room.rtpCapabilities, held: room.isHeld, customerAudio: Boolean(room.customer?.producer) };
  if (!rtpCapabilities || !created) return joined;
  leg.setRtpCapabilities(rtpCapabilities as unknown as RtpCapabilities);
  const [recv, send] = await Promise.all([newTransport(leg, "recv"), newTransport(leg, "send")]);
  const producer = room.customer?.producer;
  const [consumer, peers] = await Promise.all([
    producer && !producer.closed ? consumeCustomer(room, leg, recv.id, producer, rtpCapabilities) : null,
    room.peerConsumersFor(leg),
  ]);
  return { ...joined, transports: { recv, send }, consumer, peers };
};
