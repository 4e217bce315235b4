import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from "werift";

/**
 * The gateway's werift PeerConnection toward Meta. Meta's media relay is ICE-lite and always
 * controlled, so we are full ICE (werift's default) and werift turns itself controlling when the
 * remote SDP says `a=ice-lite` (media-bridge §2.3, verified). mediasoup cannot do this itself
 * (ICE-lite only), hence the gateway (media-bridge §0, §2.5 A).
 *
 * Codecs: Opus PT 111 and telephone-event/8000 PT 126, as in every Meta SDP (reference §6.9). No
 * header extensions are negotiated: Meta does not need them, and werift would otherwise stamp its own.
 */
export const OPUS_PT = 111;
export const TELEPHONE_EVENT_PT = 126;

export interface WhatsAppPeerOptions {
  /** Extra host addresses to gather on (werift skips loopback unless listed; media-bridge §9 fact 2). */
  hostAddresses: string[];
  ipv6: boolean;
  /** `stun:host:port` URLs; none → host candidates only (werift's default is a Google server). */
  stunServers: string[];
}

export function createWhatsAppPeer(options: WhatsAppPeerOptions): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: OPUS_PT, parameters: "minptime=10;useinbandfec=1" }),
        new RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, channels: 1, payloadType: TELEPHONE_EVENT_PT }),
      ],
    },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: options.hostAddresses,
    iceUseIpv6: options.ipv6,
    iceServers: options.stunServers.map((urls) => ({ urls })),
  });
}

/**
 * Answers Meta's offer (user-initiated call). werift fires `onTrack` *inside* setRemoteDescription
 * (media-bridge §9 fact 1), so the caller subscribes before calling this. Returns our SDP after ICE
 * gathering completed: Meta takes one SDP with every candidate, no trickle (reference §6.8).
 */
export async function answerOffer(pc: RTCPeerConnection, offerSdp: string, localTrack: MediaStreamTrack, gatherTimeoutMs: number): Promise<string> {
  await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
  const transceiver: RTCRtpTransceiver | undefined = pc.getTransceivers()[0];
  if (!transceiver) throw new Error("werift created no transceiver for the offer");
  transceiver.setDirection("sendrecv");
  await transceiver.sender.replaceTrack(localTrack);
  await pc.setLocalDescription(await pc.createAnswer());
  await gatheringComplete(pc, gatherTimeoutMs);
  return pc.localDescription!.sdp;
}

/** Makes our offer for a business-initiated call (`setup:actpass` after shaping), after gathering. */
export async function makeOffer(pc: RTCPeerConnection, localTrack: MediaStreamTrack, gatherTimeoutMs: number): Promise<string> {
  pc.addTransceiver(localTrack, { direction: "sendrecv" });
  await pc.setLocalDescription(await pc.createOffer());
  await gatheringComplete(pc, gatherTimeoutMs);
  return pc.localDescription!.sdp;
}

export async function applyAnswer(pc: RTCPeerConnection, answerSdp: string): Promise<void> {
  await pc.setRemoteDescription({ type: "answer", sdp: answerSdp });
}

function gatheringComplete(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unSubscribe();
      reject(new Error(`ICE gathering did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== "complete") return;
      clearTimeout(timer);
      unSubscribe();
      resolve();
    });
  });
}

/**
 * werift sets itself up lazily on the first PeerConnection of a process (DTLS keys and certificate,
 * socket and crypto code paths; ≈70 ms on a 2-core machine, against ≈4 ms afterwards), and the
 * first call must not pay for it. One local offer/answer at start-up takes that hit; the pair never
 * connects and is closed at once.
 */
export async function warmUpWhatsAppPeer(options: WhatsAppPeerOptions, gatherTimeoutMs: number): Promise<void> {
  const offerer = createWhatsAppPeer(options);
  const answerer = createWhatsAppPeer(options);
  const tracks = [new MediaStreamTrack({ kind: "audio" }), new MediaStreamTrack({ kind: "audio" })];
  try {
    const offer = await makeOffer(offerer, tracks[0], gatherTimeoutMs);
    await answerOffer(answerer, offer, tracks[1], gatherTimeoutMs);
  } finally {
    for (const t of tracks) t.stop();
    await Promise.allSettled([offerer.close(), answerer.close()]);
  }
}
