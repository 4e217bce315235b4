import { randomUUID } from "node:crypto";
import type { Producer, Router } from "mediasoup/lib/types";
import { MediaStreamTrack, RtpPacket, type RTCPeerConnection } from "werift";
import { AppError } from "../../../lib/core/app-error";
import { comfortNoiseFrames, holdToneFrames } from "../audio/generated-audio";
import { onFrameTick } from "../audio/frame-clock";
import { OpusMixer } from "../audio/mixer";
import { decodeFrames, FRAME_MS, FRAME_SAMPLES, levelDbov } from "../audio/opus-frames";
import { DtmfDecoder, type TelephoneEventPacket } from "../audio/telephone-event";
import type { Logger } from "../lib/logger";
import type { CallMediaConfig } from "../rooms/call-media-config";
import { CallMediaEvent, LegCloseReason, type CallEventSink } from "../rooms/room-events";
import { producerRtpParameters } from "../sdp/producer-rtp-parameters";
import { readWhatsAppSdp, type WhatsAppSdpInfo } from "../sdp/read-whatsapp-sdp";
import { toAnswerShape } from "../sdp/to-answer-shape";
import { toOfferShape } from "../sdp/to-offer-shape";
import { DtmfSender, type DtmfSendOptions } from "../whatsapp/dtmf-sender";
import { OutboundRtpStream } from "../whatsapp/outbound-rtp-stream";
import { SfuBridge } from "../whatsapp/sfu-bridge";
import { answerOffer, applyAnswer, createWhatsAppPeer, makeOffer } from "../whatsapp/whatsapp-peer";

export type CustomerLegState = "new" | "connecting" | "connected" | "closed";
export type CustomerSource = "agent" | "mix" | "hold" | "comfort";

export interface CustomerLegOptions {
  callId: string;
  router: Router;
  config: CallMediaConfig;
  events: CallEventSink;
  log: Logger;
  /** Called once, after the leg closed (the room closes with it). */
  onClose(reason: LegCloseReason): void;
}

/** Agent packets older than this count as "the agent went quiet": comfort noise fills in. */
const AGENT_STALE_MS = 120;
/** Catch up at most this many generated frames after a stalled event loop. */
const MAX_CATCH_UP_FRAMES = 5;
const LEVEL_WINDOW = 25; // packets (0.5 s) kept per direction for the audio-level estimate
const GATHER_TIMEOUT_MS = 10_000;

/**
 * The WhatsApp side of a call: one werift PeerConnection toward Meta, bridged into the room's router
 * (media-bridge §2.5 A). It
 * - answers Meta's offer (user-initiated) or makes the offer (business-initiated), SDPs shaped by sdp/;
 * - relays the customer's Opus RTP into mediasoup as the customer producer;
 * - sends one continuous stream back: the agent's microphone when an agent is producing (relayed
 *   as is), the mix of the agents' microphones when two or more talk (a conference), the hold tone
 *   while on hold, comfort noise otherwise — from the moment DTLS is up, so Meta's no-media rule
 *   (20 s at start, 30 s mid-call; reference §6.8) never ends a queued call;
 * - decodes RFC 4733 DTMF in-band and reports each digit, and plays the agent's keypad digits the
 *   same way, inside the one stream (audio pauses during a tone);
 * - fails with a reason on ICE/DTLS failure, connect timeout, or no RTP from Meta for
 *   MEDIA_CUSTOMER_SILENCE_SEC.
 */
export class CustomerLeg {
  readonly id = randomUUID();
  readonly kind = "customer" as const;
  state: CustomerLegState = "new";
  direction: "inbound" | "outbound" | null = null;
  /** What we sent Meta; repeated verbatim when web retries (Meta refuses a changed SDP on accept). */
  localSdp: string | null = null;
  remoteSdp: string | null = null;
  connectedAt: number | null = null;
  closeReason: LegCloseReason | null = null;

  private readonly pc: RTCPeerConnection;
  private readonly localTrack = new MediaStreamTrack({ kind: "audio" });
  private bridge: SfuBridge | null = null;
  private remote: WhatsAppSdpInfo | null = null;
  private readonly outbound = new OutboundRtpStream();
  private held = false;
  private lastAgentRtpAt = 0;
  private readonly mixer = new OpusMixer();
  private mixing = false;
  private lastRtpAt = 0;
  private packetsFromCustomer = 0;
  private dtmfDigits = 0;
  private readonly dtmf: DtmfDecoder;
  private readonly dtmfOut = new DtmfSender((packet, start) => this.sendTelephoneEvent(packet, start));
  private dtmfDigitsSent = 0;
  private readonly customerPayloads: Buffer[] = [];
  private readonly sentPayloads: Buffer[] = [];
  private genIndex = 0;
  private genSeq = 0;
  private genTs = 0;
  private nextFrameAt = 0;
  private stopTicks: (() => void) | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private producerWaiters: Array<(p: Producer | null) => void> = [];

  constructor(private readonly options: CustomerLegOptions) {
    this.pc = createWhatsAppPeer({ hostAddresses: options.config.gatewayHosts, ipv6: options.config.gatewayIpv6, stunServers: options.config.gatewayStun });
    this.dtmf = new DtmfDecoder((digit) => {
      this.dtmfDigits++;
      this.options.log.info({ callId: options.callId, digit }, "dtmf from customer");
      this.options.events.report({ type: CallMediaEvent.dtmf, callId: options.callId, legId: this.id, digit, at: new Date().toISOString() });
    });
    // werift fires onTrack inside setRemoteDescription: subscribe before any SDP (media-bridge §9 fact 1).
    this.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.onCustomerRtp(rtp));
    });
    this.pc.connectionStateChange.subscribe((s) => this.onConnectionState(s));
  }

  /** User-initiated call: validate Meta's offer, answer it (`setup:active`), bridge into the router. */
  async answer(offerSdp: string): Promise<string> {
    const info = readWhatsAppSdp(offerSdp, { kind: "offer" });
    this.direction = "inbound";
    this.remote = info;
    this.remoteSdp = offerSdp;
    await this.attachBridge();
    if (info.ssrc !== null) await this.createProducer(info.ssrc);
    const raw = await answerOffer(this.pc, offerSdp, this.localTrack, GATHER_TIMEOUT_MS);
    this.localSdp = toAnswerShape(raw, info);
    this.startConnecting();
    return this.localSdp;
  }

  /** Business-initiated call: our offer (`setup:actpass`); Meta's answer comes later via applyAnswer. */
  async offer(): Promise<string> {
    this.direction = "outbound";
    await this.attachBridge();
    const raw = await makeOffer(this.pc, this.localTrack, GATHER_TIMEOUT_MS);
    this.localSdp = toOfferShape(raw);
    return this.localSdp;
  }

  /** Meta's answer to our offer (from the `connect` webhook). */
  async applyAnswer(answerSdp: string): Promise<void> {
    if (this.direction !== "outbound") throw new Error("applyAnswer on a leg that did not make an offer");
    const info = readWhatsAppSdp(answerSdp, { kind: "answer" });
    this.remote = info;
    this.remoteSdp = answerSdp;
    if (info.ssrc !== null) await this.createProducer(info.ssrc);
    await applyAnswer(this.pc, answerSdp);
    this.startConnecting();
  }

  /** The customer producer, waiting up to `timeoutMs` for it when Meta's SDP had no a=ssrc. */
  waitForProducer(timeoutMs: number): Promise<Producer | null> {
    const p = this.bridge?.producer;
    if (p && !p.closed) return Promise.resolve(p);
    if (this.state === "closed") return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.producerWaiters = this.producerWaiters.filter((w) => w !== done);
        resolve(null);
      }, timeoutMs);
      const done = (prod: Producer | null) => {
        clearTimeout(timer);
        resolve(prod);
      };
      this.producerWaiters.push(done);
    });
  }

  get producer(): Producer | null {
    return this.bridge?.producer ?? null;
  }

  /** Feed these agents' microphones to the customer (none: comfort noise; several: mixed). */
  async setAgentProducers(producerIds: readonly string[]): Promise<void> {
    await this.bridge?.feedFrom(producerIds);
  }

  setHeld(held: boolean): void {
    this.held = held;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Plays the agent's keypad digits to the customer as RFC 4733 telephone-event on our one stream to
   * Meta. Queued behind earlier digits; resolves when these were sent. INVALID_STATE before ICE/DTLS
   * with WhatsApp is up (nothing could reach Meta yet).
   */
  sendDtmf(digits: string, options: DtmfSendOptions = {}): Promise<void> {
    if (this.state !== "connected") throw new AppError("INVALID_STATE", { userMessage: "The WhatsApp leg of this call is not connected." });
    if (!this.remote?.telephoneEvent) throw new AppError("INVALID_STATE", { userMessage: "WhatsApp did not negotiate telephone-event for this call." });
    return this.dtmfOut.send(digits, options);
  }

  /** Tones and gaps queued toward the customer, in ms. */
  get dtmfBacklogMs(): number {
    return this.dtmfOut.backlogMs;
  }

  get source(): CustomerSource {
    if (this.held) return "hold";
    if (this.bridge?.feeding && Date.now() - this.lastAgentRtpAt < AGENT_STALE_MS) return this.mixing ? "mix" : "agent";
    return "comfort";
  }

  async stats(): Promise<Record<string, unknown>> {
    const fromCustomer = (await this.bridge?.producerStats()) ?? null;
    const report = this.state === "closed" ? null : await this.pc.getStats().catch(() => null);
    const pick = (type: string) => (report ? ([...report.values()].find((s) => s.type === type) as Record<string, unknown> | undefined) : undefined) ?? null;
    const remoteInbound = pick("remote-inbound-rtp");
    const jitter = typeof fromCustomer?.jitter === "number" ? fromCustomer.jitter : null;
    return {
      legId: this.id,
      state: this.state,
      direction: this.direction,
      held: this.held,
      source: this.source,
      connectedAt: this.connectedAt ? new Date(this.connectedAt).toISOString() : null,
      lastRtpAgoMs: this.lastRtpAt ? Date.now() - this.lastRtpAt : null,
      dtmfDigits: this.dtmfDigits,
      dtmfDigitsSent: this.dtmfDigitsSent,
      fromCustomer: {
        packets: this.packetsFromCustomer,
        bytes: numberOr(fromCustomer?.byteCount),
        packetsLost: clampLoss(fromCustomer?.packetsLost),
        fractionLost: typeof fromCustomer?.fractionLost === "number" ? fromCustomer.fractionLost / 256 : null,
        // mediasoup reports jitter in RTP timestamp units: 48 per ms for Opus (media-bridge §6).
        jitterMs: jitter === null ? null : Math.round((jitter / 48) * 10) / 10,
        score: numberOr(fromCustomer?.score),
        audioLevelDbov: levelDbov(decodeFrames(this.customerPayloads)),
      },
      toCustomer: {
        packets: this.outbound.packets,
        bytes: this.outbound.bytes,
        packetsLost: clampLoss(remoteInbound?.packetsLost),
        fractionLost: numberOr(remoteInbound?.fractionLost),
        jitterMs: typeof remoteInbound?.jitter === "number" ? Math.round(remoteInbound.jitter * 1000 * 10) / 10 : null,
        rttMs: typeof remoteInbound?.roundTripTime === "number" ? Math.round(remoteInbound.roundTripTime * 1000) : null,
        audioLevelDbov: levelDbov(decodeFrames(this.sentPayloads)),
      },
    };
  }

  /** Idempotent. Releases the PeerConnection, the loopback sockets and the PlainTransports. */
  close(reason: LegCloseReason): void {
    if (this.state === "closed") return;
    const failed = reason !== LegCloseReason.closed_by_web && reason !== LegCloseReason.room_closed && reason !== LegCloseReason.shutdown;
    this.state = "closed";
    this.closeReason = reason;
    this.stopTicks?.();
    this.mixer.close();
    this.dtmfOut.close();
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    for (const w of this.producerWaiters.splice(0)) w(null);
    this.bridge?.close();
    this.localTrack.stop();
    this.pc.close().catch((err: unknown) => this.options.log.warn({ err: String(err), callId: this.options.callId }, "werift close failed"));
    const { callId, events, log } = this.options;
    log.info({ callId, legId: this.id, reason }, "customer leg closed");
    if (failed) events.report({ type: CallMediaEvent.legFailed, callId, legId: this.id, leg: "customer", reason, at: new Date().toISOString() });
    this.options.onClose(reason);
  }

  private async attachBridge(): Promise<void> {
    this.bridge = await SfuBridge.create(this.options.router, (buf) => this.onAgentRtp(buf));
  }

  private async createProducer(ssrc: number): Promise<void> {
    if (!this.bridge || !this.remote || this.bridge.producer) return;
    const producer = await this.bridge.produceCustomer(producerRtpParameters(this.remote, { ssrc }));
    for (const w of this.producerWaiters.splice(0)) w(producer);
  }

  private startConnecting(): void {
    if (this.state !== "new") return;
    this.state = "connecting";
    this.connectTimer = setTimeout(() => {
      if (this.state === "connecting") this.close(LegCloseReason.connect_timeout);
    }, this.options.config.connectTimeoutMs);
    this.connectTimer.unref();
  }

  private onConnectionState(s: string): void {
    if (this.state === "closed") return;
    if (s === "connected" && this.state !== "connected") {
      this.state = "connected";
      this.connectedAt = Date.now();
      this.lastRtpAt = this.connectedAt;
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.startGenerator();
      this.startWatchdog();
      const { callId, events, log } = this.options;
      log.info({ callId, legId: this.id }, "customer leg connected (ICE + DTLS with WhatsApp)");
      events.report({ type: CallMediaEvent.legConnected, callId, legId: this.id, leg: "customer", at: new Date().toISOString() });
    } else if (s === "failed") {
      this.close(this.pc.iceConnectionState === "failed" ? LegCloseReason.ice_failed : LegCloseReason.dtls_failed);
    }
  }

  private onCustomerRtp(rtp: RtpPacket): void {
    if (this.state === "closed" || !this.remote) return;
    this.lastRtpAt = Date.now();
    this.packetsFromCustomer++;
    const pt = rtp.header.payloadType;
    if (this.remote.telephoneEvent && pt === this.remote.telephoneEvent.payloadType) {
      this.dtmf.push(rtp.header.timestamp, rtp.payload);
      return;
    }
    if (pt !== this.remote.opus.payloadType || !this.bridge) return;
    if (!this.bridge.producer) {
      // Meta's SDP had no a=ssrc: learn it from the first packet.
      void this.createProducer(rtp.header.ssrc).catch((err: unknown) => this.options.log.error({ err: String(err) }, "customer producer failed"));
    }
    remember(this.customerPayloads, rtp.payload);
    this.bridge.sendToSfu(rtp.serialize());
  }

  private onAgentRtp(buf: Buffer): void {
    if (this.state !== "connected" || this.held || this.dtmfOut.sending) return;
    const rtp = readRtp(buf);
    if (!rtp) return; // not RTP; the loopback socket only ever receives mediasoup's output
    const now = Date.now();
    this.lastAgentRtpAt = now;
    // One agent talking: their packets are relayed untouched. Two or more (a conference): each is
    // decoded into the mixer and the frame tick sends the mix.
    this.mixer.touch(rtp.ssrc, now);
    const mixing = this.mixer.active(now, AGENT_STALE_MS) >= 2;
    if (this.mixing && !mixing) this.mixer.flush();
    this.mixing = mixing;
    if (mixing) this.mixer.push(rtp.ssrc, rtp.payload);
    else this.send(`agent:${rtp.ssrc}`, rtp.seq, rtp.ts, rtp.payload);
  }

  private startGenerator(): void {
    this.genSeq = (Math.random() * 0xffff) | 0;
    this.genTs = (Math.random() * 0xffffffff) >>> 0;
    this.nextFrameAt = Date.now();
    this.stopTicks = onFrameTick((now) => {
      const source = this.source;
      // Audio pauses while a DTMF tone is sent, as WebRTC senders do (dtmf-sender.ts).
      if (source === "agent" || this.dtmfOut.sending) {
        this.nextFrameAt = now;
        return;
      }
      if (now - this.nextFrameAt > MAX_CATCH_UP_FRAMES * FRAME_MS) this.nextFrameAt = now - MAX_CATCH_UP_FRAMES * FRAME_MS;
      const frames = source === "hold" ? holdToneFrames() : comfortNoiseFrames();
      while (this.nextFrameAt <= now) {
        this.nextFrameAt += FRAME_MS;
        const payload = (source === "mix" ? this.mixer.mixFrame() : null) ?? frames[this.genIndex++ % frames.length];
        this.send(source, this.genSeq, this.genTs, payload, now);
        this.genSeq = (this.genSeq + 1) & 0xffff;
        this.genTs = (this.genTs + FRAME_SAMPLES) >>> 0;
      }
    });
  }

  private send(source: string, seq: number, ts: number, payload: Buffer, now = Date.now()): void {
    remember(this.sentPayloads, payload);
    this.localTrack.writeRtp(this.outbound.next(source, seq, ts, payload, now));
  }

  /**
   * werift's writeRtp would stamp the first codec's PT (111) on a telephone-event packet (media-bridge
   * §9 fact 3), so these go to the sender's DTLS transport directly, with the sender's SSRC and our
   * stream's next sequence number. werift adds seq/timestamp offsets only after a mid-stream
   * replaceTrack; our track is set once before any packet, so our numbering reaches Meta as is.
   */
  private sendTelephoneEvent(packet: TelephoneEventPacket, start: boolean): void {
    const sender = this.pc.getTransceivers()[0]?.sender;
    const payloadType = this.remote?.telephoneEvent?.payloadType;
    if (this.state !== "connected" || !sender || payloadType === undefined) throw new Error("customer leg cannot send DTMF now");
    const rtp = this.outbound.event(payloadType, packet.payload, start, packet.marker);
    rtp.header.ssrc = sender.ssrc;
    if (start) this.dtmfDigitsSent++;
    // Never rejects: werift's transport logs and drops a failed send, as it does for audio.
    void sender.dtlsTransport.sendRtp(rtp.payload, rtp.header);
  }

  private startWatchdog(): void {
    const { customerSilenceMs } = this.options.config;
    this.watchdog = setInterval(() => {
      if (this.state !== "connected") return;
      const silentFor = Date.now() - this.lastRtpAt;
      if (silentFor < customerSilenceMs) return;
      const { callId, events, log } = this.options;
      log.warn({ callId, legId: this.id, silentForMs: silentFor }, "no RTP from WhatsApp: ending the customer leg");
      events.report({ type: CallMediaEvent.mediaTimeout, callId, legId: this.id, silentForMs: silentFor, at: new Date().toISOString() });
      this.close(LegCloseReason.media_timeout);
    }, Math.min(1000, Math.max(100, customerSilenceMs / 4)));
    this.watchdog.unref();
  }
}

/**
 * The fields the gateway needs from one of mediasoup's RTP packets (RFC 3550 §5.1), read in place.
 * werift's RtpPacket.deSerialize builds every header field and extension object, parsing bits
 * through strings: a profile of the capacity bench put it at ~2 % of the media-server process.
 */
function readRtp(buf: Buffer): { seq: number; ts: number; ssrc: number; payload: Buffer } | null {
  if (buf.length < 12 || buf[0] >> 6 !== 2) return null;
  let offset = 12 + (buf[0] & 0x0f) * 4; // CSRCs
  if (buf[0] & 0x10) {
    if (buf.length < offset + 4) return null;
    offset += 4 + buf.readUInt16BE(offset + 2) * 4; // header extension (mediasoup adds mid, audio level)
  }
  const end = buf[0] & 0x20 ? buf.length - buf[buf.length - 1] : buf.length; // padding
  if (offset > end) return null;
  return { seq: buf.readUInt16BE(2), ts: buf.readUInt32BE(4), ssrc: buf.readUInt32BE(8), payload: buf.subarray(offset, end) };
}

function remember(ring: Buffer[], payload: Buffer): void {
  ring.push(payload);
  if (ring.length > LEVEL_WINDOW) ring.shift();
}

function numberOr(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** mediasoup 3.8.4 reports 65536 lost for a stream starting at seq 0 (media-bridge §2.6): clamp nonsense. */
function clampLoss(v: unknown): number | null {
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  return v < 0 || v >= 65_536 ? 0 : v;
}
