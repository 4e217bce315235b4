import { randomUUID } from "node:crypto";
import type { Consumer, DtlsParameters, Producer, Router, RtpCapabilities, RtpParameters, WebRtcTransport } from "mediasoup/lib/types";
import { AppError } from "../../../lib/core/app-error";
import type { Logger } from "../lib/logger";
import { CallMediaEvent, LegCloseReason, type CallEventSink } from "../rooms/room-events";

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
 * microphone and a receive transport for the customer. Owns its transports; closing a transport in
 * mediasoup closes its producers and consumers, so `close()` cascades by closing transports.
 */
export class AgentLeg {
  readonly id = randomUUID();
  readonly kind = "agent" as const;
  closed = false;
  connected = false;
  producer: Producer | null = null;
  private readonly transports = new Map<string, WebRtcTransport>();
  private readonly closeListeners: Array<(reason: LegCloseReason) => void> = [];
  readonly consumers = new Map<string, Consumer>();

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

  async resumeConsumer(consumerId: string): Promise<void> {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new AppError("NOT_FOUND", { userMessage: "No such consumer." });
    await consumer.resume();
  }

  /** Pauses / resumes everything this agent hears (hold: the customer is not heard either). */
  async setListening(on: boolean): Promise<void> {
    await Promise.all([...this.consumers.values()].map((c) => (on ? c.resume() : c.pause())));
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
