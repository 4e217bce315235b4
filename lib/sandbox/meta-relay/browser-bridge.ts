import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from "werift";
import { readWhatsAppSdp, type WhatsAppSdpInfo } from "@/media-server/src/sdp/read-whatsapp-sdp";
import { SdpError } from "@/media-server/src/sdp/sdp-error";
import type { MetaRelay, RelaySpeaker } from "./meta-relay";
import { FRAME, RATE } from "./relay-audio";

/**
 * The phone simulator's browser as the WhatsApp user's voice. The call's fake Meta relay keeps
 * facing the business exactly as Meta does (ICE-lite, Meta's SDPs); this second werift
 * PeerConnection — full ICE, an ordinary WebRTC answerer — faces the browser, and Opus RTP is
 * forwarded between the two. Each direction is re-stamped (own sequence numbers and timestamps,
 * advancing by the source's timestamp steps), so the business and the browser each see one
 * continuous stream whatever joins or leaves; toward the business the relay writes PT 111 whatever
 * payload type Chrome chose for Opus. While the browser sends, the relay's tone pauses; when it
 * leaves, the tone comes back and the call goes on. A browser without a microphone offers
 * `recvonly`: it hears the business and the relay keeps playing its tone.
 */
export interface BrowserBridge {
  /** The answer to the browser's offer (ICE gathering complete: no trickle needed). */
  readonly answer: string;
  readonly connectionState: string;
  /** The browser's offer sends audio (it has a microphone). */
  readonly browserSends: boolean;
  readonly packetsFromBrowser: number;
  readonly packetsToBrowser: number;
  close(): Promise<void>;
}

export interface BrowserBridgeOptions {
  relay: MetaRelay;
  /** The browser's offer, checked with readBrowserOffer(). */
  offer: BrowserOffer;
  /** Called once when the bridge closes (browser left, connection failed, close()). */
  onClose?: () => void;
  /** Extra host candidate address (default 127.0.0.1; werift also gathers every interface). */
  host?: string;
  /** Give up when the browser has not connected by then (default 30 s). */
  connectTimeoutMs?: number;
  /** The browser is gone when neither RTP nor RTCP came from it for this long (default 12 s). */
  silenceTimeoutMs?: number;
}

export interface BrowserOffer {
  sdp: string;
  info: WhatsAppSdpInfo;
}

/** A browser offer the bridge cannot take; the message says why (the control API answers 400). */
export class BrowserOfferError extends Error {}

/**
 * Checks the browser's offer: one audio section with Opus/48000/2, ICE credentials, a DTLS
 * fingerprint, `a=setup:actpass`, and a full ICE agent (two ICE-lite ends cannot connect).
 * Candidates may be absent (Chrome may obfuscate host candidates with mDNS; the browser's checks
 * then reach the bridge as peer-reflexive).
 */
export function readBrowserOffer(sdp: string): BrowserOffer {
  let info: WhatsAppSdpInfo;
  try {
    info = readWhatsAppSdp(sdp, { kind: "offer", requireCandidates: false });
  } catch (err) {
    if (err instanceof SdpError) throw new BrowserOfferError(`Malformed SDP offer (${err.reason}): ${err.message}`);
    throw err;
  }
  if (info.iceLite) throw new BrowserOfferError("Malformed SDP offer (ice_lite): the browser must be a full ICE agent.");
  if (info.setup !== "actpass") throw new BrowserOfferError(`Malformed SDP offer (bad_dtls_setup): an offer must use a=setup:actpass (got ${info.setup}).`);
  if (info.direction === "inactive") throw new BrowserOfferError("Malformed SDP offer: the audio section is inactive.");
  return { sdp, info };
}

/** How many samples after the previous packet this one starts; null = duplicate or late (drop it). */
export function rtpElapsed(prev: { ssrc: number; timestamp: number } | null, header: { ssrc: number; timestamp: number }): number | null {
  if (!prev || prev.ssrc !== header.ssrc) return FRAME; // a new source continues one frame on
  const d = (header.timestamp - prev.timestamp) >>> 0;
  if (d === 0 || d >= 0x80000000) return null;
  return d <= RATE * 5 ? d : FRAME; // a jump (source restarted) must not open a hole of minutes
}

const ANSWER_DIRECTION = { sendrecv: "sendrecv", sendonly: "recvonly", recvonly: "sendonly" } as const;

export async function createBrowserBridge(options: BrowserBridgeOptions): Promise<BrowserBridge> {
  const { relay, offer } = options;
  const opusPt = offer.info.opus.payloadType;
  const browserSends = offer.info.direction === "sendrecv" || offer.info.direction === "sendonly";
  const pc = new RTCPeerConnection({
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: opusPt, parameters: "minptime=10;useinbandfec=1" })],
    },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: [options.host ?? "127.0.0.1"],
    iceUseIpv6: false,
    iceServers: [],
  });
  const track = new MediaStreamTrack({ kind: "audio" });
  let speaker: RelaySpeaker | null = null;
  let fromBrowser = 0;
  let toBrowser = 0;
  let lastIn: { ssrc: number; timestamp: number } | null = null;
  let lastOut: { ssrc: number; timestamp: number } | null = null;
  let seq = (Math.random() * 0xffff) | 0;
  let ts = (Math.random() * 0xffffffff) >>> 0;
  let closed = false;
  let heardAt = Date.now();
  let watchdog: NodeJS.Timeout | null = null;

  // werift fires onTrack inside setRemoteDescription: subscribe first (media-bridge §9 fact 1).
  pc.onTrack.subscribe((remote) => {
    remote.onReceiveRtp.subscribe((rtp) => {
      heardAt = Date.now();
      // Chrome's Opus PT is whatever its offer said (usually 111); CN, RED or DTMF are not forwarded.
      if (rtp.header.payloadType !== opusPt || rtp.payload.length === 0 || !speaker) return;
      const elapsed = rtpElapsed(lastIn, rtp.header);
      if (elapsed === null) return;
      lastIn = { ssrc: rtp.header.ssrc, timestamp: rtp.header.timestamp };
      fromBrowser++;
      speaker.send(rtp.payload, elapsed);
    });
  });

  const stopListening = relay.onAudio((payload, header) => {
    const elapsed = rtpElapsed(lastOut, header);
    if (elapsed === null) return;
    const marker = lastOut === null;
    lastOut = { ssrc: header.ssrc, timestamp: header.timestamp };
    seq = (seq + 1) & 0xffff;
    ts = (ts + elapsed) >>> 0;
    // A fresh header: werift's sender would otherwise merge the business's header extensions in.
    track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: opusPt, sequenceNumber: seq, timestamp: ts, marker, ssrc: 0 }), payload));
    toBrowser++;
  });

  const connectTimer = setTimeout(() => void close(), options.connectTimeoutMs ?? 30_000);
  connectTimer.unref();
  pc.connectionStateChange.subscribe((s) => {
    if (s === "connected") {
      clearTimeout(connectTimer);
      if (browserSends && !speaker && !closed) speaker = relay.takeOver();
      // A closed tab or a lost network says nothing, and werift does not notice on its own; Chrome
      // sends RTCP reports every few seconds even when only listening.
      heardAt = Date.now();
      const silenceMs = options.silenceTimeoutMs ?? 12_000;
      watchdog ??= setInterval(() => Date.now() - heardAt > silenceMs && void close(), 1000);
      watchdog.unref();
    } else if (s === "failed" || s === "closed") void close();
  });

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearTimeout(connectTimer);
    if (watchdog) clearInterval(watchdog);
    stopListening();
    speaker?.release();
    speaker = null;
    track.stop();
    options.onClose?.();
    await pc.close();
  }

  try {
    await pc.setRemoteDescription({ type: "offer", sdp: offer.sdp });
    const transceiver = pc.getTransceivers()[0];
    if (!transceiver) throw new BrowserOfferError("Malformed SDP offer: no audio transceiver could be made from it.");
    transceiver.setDirection(ANSWER_DIRECTION[offer.info.direction as keyof typeof ANSWER_DIRECTION]);
    await transceiver.sender.replaceTrack(track);
    transceiver.sender.dtlsTransport.onRtcp.subscribe(() => (heardAt = Date.now()));
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc.iceGatheringState !== "complete") await pc.iceGatheringStateChange.watch((s) => s === "complete", 10_000);
  } catch (err) {
    await close();
    if (err instanceof BrowserOfferError) throw err;
    throw new BrowserOfferError(`The SDP offer could not be applied: ${err instanceof Error ? err.message : String(err)}`);
  }

  const answer = pc.localDescription!.sdp;
  return {
    answer,
    browserSends,
    get connectionState() {
      return closed ? "closed" : pc.connectionState;
    },
    get packetsFromBrowser() {
      return fromBrowser;
    },
    get packetsToBrowser() {
      return toBrowser;
    },
    close,
  };
}
