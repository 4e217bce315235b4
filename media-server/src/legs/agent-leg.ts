import { randomUUID } from "node:crypto";
import type { Consumer, DtlsParameters, Producer, Router, RtpCapabilities, RtpParameters, WebRtcTransport } from "mediasoup/lib/types";
import { AppError } from "../../../lib/core/app-error";
import type { Logger } from "../lib/logger";
import { CallMediaEvent, LegCloseReason, type CallEventSink } from "../rooms/room-events";
import type { TPeerConsumer } from "../signalling/contract";

export interface AgentLegOptions {
  callId: string;
  userId: string;
  socketId: string;
  router: Router;
  listenIp: string;
  announcedIp?: string;
  events: CallEventSink;
  log: Logger;
  /** The agent started producing its microphone (the room feeds it to the customer). */
  onProducer(producer: Producer): void;
  onClose(reason: LegCloseReason): void;
}

export interface TransportInfo {
  id: string;
  iceParameters: WebRtcTransport["iceParameters"];
  iceCandidates: WebRtcTransport["iceCandidates"];
  dtlsParameters: WebRtcTransport["dtlsParameters"];
}

/**
 * An agent's browser in the call (mediasoup-client over socket.io): a send transport for the
 * microphone and a receive transport for the customer and, in a conference, the other agents (peer
 * consumers). Owns its transports; closing a transport in mediasoup closes its producers and
 * consumers, so `close()` cascades by closing transports.
 */
export class AgentLeg {
  readonly id = randomUUID();
  readonly kind = "agent" as const;
  closed = false;
  connected = false;
  producer: Producer | null = null;
  private readonly transports = new Map<string, WebRtcTransport>();
  private readonly closeListeners: Array<(reason: LegCloseReason) => void> = [];
  private readonly peerListeners: Array<(consumer: TPeerConsumer) => void> = [];
  private readonly peerClosedListeners: Array<(consumerId: string) => void> = [];
  readonly consumers = new Map<string, Consumer>();
  /** Consumers of other agents' microphones (hold does not pause them: agents may confer). */
  private readonly peerConsumerIds = new Set<string>();
  private readonly peerProducerIds = new Set<string>();
  private recvTransportId: string | null = null;
  /** The browser's Device capabilities, known from joinCall or consume: needed to consume peers later. */
  private rtpCapabilities: RtpCapabilities | null = null;

  constructor(private readonly options: AgentLegOptions) {}

  get userId(): string {
    return this.options.userId;
  }

  get socketId(): string {
    return this.options.socketId;
  }

  async createTransport(direction: "send" | "recv"): Promise<TransportInfo> {
    this.assertOpen();
    if (this.transports.size >= 2) throw new AppError("CONFLICT", { userMessage: "This leg already has its send and receive transports." });
    const { router, listenIp, announcedIp, callId, events, log } = this.options;
    const transport = await router.createWebRtcTransport({
      listenIps: [{ ip: listenIp, ...(announcedIp ? { announcedIp } : {}) }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { legId: this.id, direction },
    });
    if (this.closed) {
      transport.close();
      this.assertOpen();
    }
    this.transports.set(transport.id, transport);
    if (direction === "recv") this.recvTransportId ??= transport.id;
    transport.on("dtlsstatechange", (state) => {
      if (state === "connected" && !this.connected) {
        this.connected = true;
        log.info({ callId, legId: this.id, userId: this.userId }, "agent leg connected");
        events.report({ type: CallMediaEvent.legConnected, callId, legId: this.id, leg: "agent", userId: this.userId, at: new Date().toISOString() });
      }
      if (state === "failed" || state === "closed") this.fail(LegCloseReason.transport_failed);
    });
    return { id: transport.id, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters };
  }

  async connectTransport(transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    await this.transport(transportId).connect({ dtlsParameters });
  }

  async produce(transportId: string, rtpParameters: RtpParameters): Promise<Producer> {
    const transport = this.transport(transportId);
    if (this.producer && !this.producer.closed) throw new AppError("CONFLICT", { userMessage: "The microphone is already being sent." });
    const producer = await transport.produce({ kind: "audio", rtpParameters, appData: { legId: this.id, role: "agent-mic" } });
    if (this.closed) {
      producer.close();
      this.assertOpen();
    }
    this.producer = producer;
    this.options.onProducer(producer);
    return producer;
  }

  /**
   * Consumes `producer` on the receive transport, paused: the client resumes it (resumeConsumer)
   * once its side exists, so no early packets are lost. A consumer that is never resumed delivers
   * nothing (media-bridge §9 fact 7) — the client must always send resumeConsumer.
   */
  async consume(transportId: string, producer: Producer, rtpCapabilities: RtpCapabilities): Promise<Consumer> {
    const transport = this.transport(transportId);
    if (!this.options.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new AppError("INVALID_INPUT", { userMessage: "The browser cannot receive Opus audio." });
    }
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities, paused: true, appData: { legId: this.id } });
    if (this.closed) {
      consumer.close();
      this.assertOpen();
    }
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once("close", () => this.consumers.delete(consumer.id));
    return consumer;
  }

  /** Resumes a consumer the client has set up; while the call is on hold the customer stays silent. */
  async resumeConsumer(consumerId: string, held: boolean): Promise<void> {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new AppError("NOT_FOUND", { userMessage: "No such consumer." });
    if (held && !this.peerConsumerIds.has(consumerId)) return;
    await consumer.resume();
  }

  /** Pauses / resumes the customer's voice for this agent (hold); other agents stay audible. */
  async setListening(on: boolean): Promise<void> {
    const customer = [...this.consumers.values()].filter((c) => !this.peerConsumerIds.has(c.id));
    await Promise.all(customer.map((c) => (on ? c.resume() : c.pause())));
  }

  setRtpCapabilities(caps: RtpCapabilities): void {
    this.rtpCapabilities = caps;
  }

  /**
   * Another agent's microphone on this leg's receive transport, paused until the browser resumes it;
   * null while this leg cannot receive yet (no receive transport or capabilities: its join or its
   * first consume brings the peers then), or when it already has this producer. Its end (that agent
   * left) is reported to `onConsumerClosed` listeners.
   */
  async consumePeer(producer: Producer, userId: string): Promise<TPeerConsumer | null> {
    if (this.closed || !this.recvTransportId || !this.rtpCapabilities || this.peerProducerIds.has(producer.id)) return null;
    this.peerProducerIds.add(producer.id); // once per producer, whichever path asks first
    let consumer: Consumer;
    try {
      consumer = await this.consume(this.recvTransportId, producer, this.rtpCapabilities);
    } catch (err) {
      this.peerProducerIds.delete(producer.id); // a later join or consume may try again
      throw err;
    }
    this.peerConsumerIds.add(consumer.id);
    consumer.observer.once("close", () => {
      this.peerConsumerIds.delete(consumer.id);
      this.peerProducerIds.delete(producer.id);
    });
    consumer.on("producerclose", () => {
      for (const fn of this.peerClosedListeners) fn(consumer.id);
    });
    return { id: consumer.id, producerId: producer.id, kind: "audio", rtpParameters: consumer.rtpParameters, paused: true, userId };
  }

  /** consumePeer, announced to this leg's `onPeerConsumer` listeners (its browser). */
  async offerPeer(producer: Producer, userId: string): Promise<void> {
    const peer = await this.consumePeer(producer, userId);
    if (peer) for (const fn of this.peerListeners) fn(peer);
  }

  onPeerConsumer(fn: (consumer: TPeerConsumer) => void): void {
    this.peerListeners.push(fn);
  }

  onConsumerClosed(fn: (consumerId: string) => void): void {
    this.peerClosedListeners.push(fn);
  }

  /** Runs once when the leg closes, whoever closed it (signalling tells the browser). */
  onClosed(fn: (reason: LegCloseReason) => void): void {
    this.closeListeners.push(fn);
  }

  close(reason: LegCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
    this.consumers.clear();
    this.producer = null;
    this.options.log.info({ callId: this.options.callId, legId: this.id, reason }, "agent leg closed");
    this.options.onClose(reason);
    for (const fn of this.closeListeners.splice(0)) fn(reason);
  }

  private fail(reason: LegCloseReason): void {
    if (this.closed) return;
    const { callId, events } = this.options;
    events.report({ type: CallMediaEvent.legFailed, callId, legId: this.id, leg: "agent", userId: this.userId, reason, at: new Date().toISOString() });
    this.close(reason);
  }

  private transport(id: string): WebRtcTransport {
    this.assertOpen();
    const t = this.transports.get(id);
    if (!t) throw new AppError("NOT_FOUND", { userMessage: "No such transport in this call." });
    return t;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError("INVALID_STATE", { userMessage: "This call leg is closed." });
  }
}
