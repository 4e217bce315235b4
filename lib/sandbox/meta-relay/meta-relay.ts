import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket, type RTCRtpTransceiver } from "werift";
import { DtmfDecoder } from "../../../media-server/src/audio/telephone-event";
import { detectTone, type ToneDetection } from "./goertzel";
import { toMetaAnswer, toMetaOffer, withLocalMid } from "./meta-sdp";
import { decodeOpus, FRAME, RATE, toneFrames, wavFrames, type FrameClock } from "./relay-audio";

/**
 * A fake of Meta's WhatsApp media relay for tests, load tests and the sandbox: a werift
 * PeerConnection in ICE-lite mode (controlled, never sends checks — like Meta's relay, reference
 * §9.4), speaking real ICE, DTLS-SRTP and Opus RTP over UDP. It offers like Meta for user-initiated
 * calls and answers like Meta (`setup:active`) for business-initiated ones, plays a tone or a WAV
 * file, sends RFC 4733 DTMF, can go silent, and analyses what it hears (Opus decode + Goertzel).
 */
export interface MetaRelayOptions {
  /** Play a sine at this frequency (Hz) once connected. */
  tone?: number;
  /** …or loop this 16-bit PCM WAV file. */
  wavFile?: string;
  /** The address the relay advertises (its one host candidate). Default 127.0.0.1. */
  host?: string;
  /** Drive sending from this clock (load tests: `sharedFrameClock`) instead of a timer per relay. */
  frameClock?: FrameClock;
}

export interface MetaRelay {
  /** Meta's offer for a user-initiated call (ICE-lite, setup:actpass, mid audio). */
  createOffer(): Promise<string>;
  /** The business's answer to createOffer(). */
  applyAnswer(answerSdp: string): Promise<void>;
  /** Business-initiated call: Meta answers the business's offer (ICE-lite, setup:active). */
  acceptOffer(offerSdp: string): Promise<string>;
  /** Resolves once ICE + DTLS are up. */
  connected(timeoutMs?: number): Promise<void>;
  playTone(freq: number): void;
  playWav(file: string): void;
  /** Stop sending RTP (RTCP continues): for testing the no-media rule. */
  stopMedia(): void;
  /** Sends each digit as RFC 4733 telephone-event packets (PT 126, 8000 Hz clock), in between audio. */
  sendDtmf(digits: string, options?: { toneMs?: number; gapMs?: number }): Promise<void>;
  /**
   * Another source speaks for the user (the phone simulator's browser, browser-bridge.ts): the
   * relay's own tone pauses until `release()`. `send` writes one Opus frame `elapsed` samples
   * after the previous one, in the relay's own seq/timestamp series (PT 111 toward the business).
   */
  takeOver(): RelaySpeaker;
  /** Every Opus packet the relay receives from the business, as it arrives (analysis keeps working). */
  onAudio(listener: (payload: Buffer, header: RtpHeader) => void): () => void;
  /** What the relay heard during the last `windowMs` (default 1000), by candidate frequency. */
  detect(freqs: number[], windowMs?: number): ToneDetection;
  readonly packetsReceived: number;
  /** DTMF digits decoded from the business's RFC 4733 telephone-event packets, in order. */
  readonly receivedDtmf: string;
  /** Packets from the business whose sequence number did not follow the previous one (any PT). */
  readonly seqGaps: number;
  readonly packetsSent: number;
  readonly connectionState: string;
  close(): Promise<void>;
}

export interface RelaySpeaker {
  send(payload: Buffer, elapsed: number): void;
  release(): void;
}

const KEEP_PACKETS = 150; // 3 s of received audio for analysis

export function createMetaRelay(options: MetaRelayOptions = {}): MetaRelay {
  const host = options.host ?? "127.0.0.1";
  const pc = new RTCPeerConnection({
    iceLite: true,
    iceServers: [], // a local fake: no STUN server to ask
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111, parameters: "minptime=20;useinbandfec=1" }),
        new RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, channels: 1, payloadType: 126 }),
      ],
    },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: [host],
    iceUseIpv6: false,
  });
  const track = new MediaStreamTrack({ kind: "audio" });
  let transceiver: RTCRtpTransceiver | null = null;
  let localMid = "0";
  let frames: Buffer[] | null = options.wavFile ? wavFrames(options.wavFile) : options.tone ? toneFrames(options.tone) : null;
  let frameIndex = 0;
  let seq = (Math.random() * 0xffff) | 0;
  let ts = (Math.random() * 0xffffffff) >>> 0;
  let sending = true;
  let dtmfBusy = false;
  let timer: NodeJS.Timeout | null = null;
  let stopClock: (() => void) | null = null;
  let nextAt = 0;
  let packetsSent = 0;
  let packetsReceived = 0;
  const heard: Buffer[] = [];
  let receivedDtmf = "";
  // The gateway's own decoder (pure, no media-server state): what Meta's relay would hear.
  const dtmfIn = new DtmfDecoder((digit) => (receivedDtmf += digit));
  let lastSeq: number | null = null;
  let seqGaps = 0;
  const audioListeners = new Set<(payload: Buffer, header: RtpHeader) => void>();
  let speaker: RelaySpeaker | null = null;
  let closed = false;

  pc.onTrack.subscribe((remote) => {
    remote.onReceiveRtp.subscribe((rtp) => {
      // Opus and telephone-event share one SSRC and one sequence (reference §6.8).
      if (lastSeq !== null && rtp.header.sequenceNumber !== ((lastSeq + 1) & 0xffff)) seqGaps++;
      lastSeq = rtp.header.sequenceNumber;
      if (rtp.header.payloadType === 126) return dtmfIn.push(rtp.header.timestamp, rtp.payload);
      if (rtp.header.payloadType !== 111) return;
      packetsReceived++;
      heard.push(rtp.payload);
      if (heard.length > KEEP_PACKETS) heard.shift();
      for (const l of audioListeners) l(rtp.payload, rtp.header);
    });
  });

  const connectedP = new Promise<void>((resolve, reject) => {
    pc.connectionStateChange.subscribe((s) => {
      if (s === "connected") {
        startMedia();
        resolve();
      } else if (s === "failed" || s === "closed") reject(new Error(`relay connection ${s}`));
    });
  });
  connectedP.catch(() => undefined); // observed through connected(); an unobserved failure must not crash tests

  function writeFrame(payload: Buffer, marker = false) {
    const header = new RtpHeader({ payloadType: 111, sequenceNumber: seq, timestamp: ts, marker, ssrc: 0 });
    track.writeRtp(new RtpPacket(header, payload));
    packetsSent++;
    seq = (seq + 1) & 0xffff;
    ts = (ts + FRAME) >>> 0;
  }

  function startMedia() {
    if (timer || stopClock || closed) return;
    nextAt = Date.now();
    const tick = () => {
      const now = Date.now();
      if (now - nextAt > 100) nextAt = now - 100;
      while (nextAt <= now) {
        nextAt += 20;
        if (!sending || dtmfBusy || speaker || !frames) continue;
        writeFrame(frames[frameIndex++ % frames.length]);
      }
    };
    if (options.frameClock) stopClock = options.frameClock(tick);
    else timer = setInterval(tick, 20);
  }

  async function gathered() {
    if (pc.iceGatheringState === "complete") return;
    await pc.iceGatheringStateChange.watch((s) => s === "complete", 10_000);
  }

  async function sendTelephoneEvent(digit: string, toneMs: number) {
    const DIGITS = "0123456789*#ABCD";
    const event = DIGITS.indexOf(digit.toUpperCase());
    if (event < 0) throw new Error(`not a DTMF digit: ${digit}`);
    if (!transceiver) throw new Error("relay not negotiated");
    const sender = transceiver.sender;
    const eventTs = ts;
    const packet = (duration: number, end: boolean, marker: boolean) => {
      const payload = Buffer.from([event, (end ? 0x80 : 0) | 10, (duration >> 8) & 0xff, duration & 0xff]);
      // werift's writeRtp would rewrite PT 126 to the first codec (111), so telephone-event goes
      // straight to the DTLS transport with the sender's SSRC (media-bridge §9 fact 10).
      const header = new RtpHeader({ payloadType: 126, sequenceNumber: seq, timestamp: eventTs, marker, ssrc: sender.ssrc });
      seq = (seq + 1) & 0xffff;
      packetsSent++;
      return sender.dtlsTransport.sendRtp(payload, header);
    };
    const steps = Math.max(1, Math.round(toneMs / 20));
    for (let i = 1; i <= steps; i++) {
      await packet(i * 160, false, i === 1);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let i = 0; i < 3; i++) await packet(steps * 160, true, false); // RFC 4733 §2.5.1.4: end sent 3×
    ts = (ts + steps * FRAME) >>> 0;
  }

  return {
    async createOffer() {
      transceiver = pc.addTransceiver(track, { direction: "sendrecv" });
      await pc.setLocalDescription(await pc.createOffer());
      await gathered();
      const shaped = toMetaOffer(pc.localDescription!.sdp, host);
      localMid = shaped.localMid;
      return shaped.sdp;
    },
    async applyAnswer(answerSdp) {
      await pc.setRemoteDescription({ type: "answer", sdp: withLocalMid(answerSdp, localMid) });
    },
    async acceptOffer(offerSdp) {
      await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
      transceiver = pc.getTransceivers()[0];
      transceiver.setDirection("sendrecv");
      await transceiver.sender.replaceTrack(track);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered();
      return toMetaAnswer(pc.localDescription!.sdp, host);
    },
    connected(timeoutMs = 10_000) {
      return Promise.race([
        connectedP,
        new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`relay not connected within ${timeoutMs} ms (state ${pc.connectionState})`)), timeoutMs).unref()),
      ]);
    },
    playTone(freq) {
      frames = toneFrames(freq);
      frameIndex = 0;
      sending = true;
    },
    playWav(file) {
      frames = wavFrames(file);
      frameIndex = 0;
      sending = true;
    },
    stopMedia() {
      sending = false;
    },
    async sendDtmf(digits, opts = {}) {
      for (const d of digits) {
        dtmfBusy = true;
        try {
          await sendTelephoneEvent(d, opts.toneMs ?? 100);
        } finally {
          dtmfBusy = false;
        }
        await new Promise((r) => setTimeout(r, opts.gapMs ?? 60));
      }
    },
    takeOver() {
      let first = true;
      const s: RelaySpeaker = {
        send(payload, elapsed) {
          if (speaker !== s || !sending || dtmfBusy || closed) return;
          ts = (ts + Math.max(0, elapsed - FRAME)) >>> 0; // writeFrame already moved ts one frame on
          writeFrame(payload, first);
          first = false;
        },
        release() {
          if (speaker === s) speaker = null;
        },
      };
      speaker = s;
      return s;
    },
    onAudio(listener) {
      audioListeners.add(listener);
      return () => audioListeners.delete(listener);
    },
    detect(freqs, windowMs = 1000) {
      const n = Math.min(heard.length, Math.max(1, Math.round(windowMs / 20)));
      const pcm = decodeOpus(heard.slice(heard.length - n));
      // Skip the first 40 ms: a fresh decoder needs a couple of frames to settle.
      return detectTone(pcm.subarray(Math.min(pcm.length, FRAME * 2)), freqs, RATE);
    },
    get packetsReceived() {
      return packetsReceived;
    },
    get receivedDtmf() {
      return receivedDtmf;
    },
    get seqGaps() {
      return seqGaps;
    },
    get packetsSent() {
      return packetsSent;
    },
    get connectionState() {
      return pc.connectionState;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      stopClock?.();
      track.stop();
      await pc.close();
    },
  };
}
