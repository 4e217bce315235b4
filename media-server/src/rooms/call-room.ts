import type { Producer, Router, RtpCapabilities, RtpCodecCapability, Worker } from "mediasoup/lib/types";
import { AppError } from "../../../lib/core/app-error";
import { AgentLeg } from "../legs/agent-leg";
import { CustomerLeg } from "../legs/customer-leg";
import type { Logger } from "../lib/logger";
import type { CallMediaConfig } from "./call-media-config";
import type { TPeerConsumer } from "../signalling/contract";
import { CallMediaEvent, LegCloseReason, type CallEventSink } from "./room-events";

/**
 * Router codecs. Opus must be PT 111: a consumer always sends with the router's PT and Meta expects
 * the PT it offered (111 in every sample), so this avoids any rewriting (media-bridge §1.1, §9 fact 5).
 * telephone-event/8000 PT 126 is listed as Meta's SDPs do, although mediasoup 3.8.4 consumers never
 * forward it (DTMF is decoded in the gateway).
 */
export const ROUTER_MEDIA_CODECS: RtpCodecCapability[] = [
  { kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2, preferredPayloadType: 111 },
  { kind: "audio", mimeType: "audio/telephone-event", clockRate: 8000, preferredPayloadType: 126 },
];

export interface CallRoomDeps {
  config: CallMediaConfig;
  listenIp: string;
  announcedIp?: string;
  events: CallEventSink;
  log: Logger;
}

/**
 * One call = one mediasoup Router on one worker, with its legs: the WhatsApp customer leg and the
 * agent legs (supervisor legs later). Closes on: web's close, a customer-leg failure (the call cannot
 * go on without the customer), the router's worker dying, or nobody in the room for
 * MEDIA_ROOM_EMPTY_TIMEOUT_SEC. `close()` is idempotent and cascades to every leg; the registry
 * forgets the room on close.
 */
export class CallRoom {
  closed = false;
  closeReason: LegCloseReason | null = null;
  customer: CustomerLeg | null = null;
  readonly agents = new Map<string, AgentLeg>(); // by socket id
  readonly createdAt = Date.now();
  private held = false;
  private joining = 0;
  private emptyTimer: NodeJS.Timeout | null = null;
  private readonly closeListeners: Array<(reason: LegCloseReason) => void> = [];

  private constructor(
    readonly callId: string,
    readonly router: Router,
    private readonly deps: CallRoomDeps,
  ) {
    router.on("workerclose", () => this.close(LegCloseReason.worker_died));
  }

  static async create(callId: string, worker: Worker, deps: CallRoomDeps): Promise<CallRoom> {
    const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { callId } });
    const room = new CallRoom(callId, router, deps);
    room.armEmptyTimer();
    return room;
  }

  get rtpCapabilities(): RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  get isHeld(): boolean {
    return this.held;
  }

  onClose(fn: (reason: LegCloseReason) => void): void {
    this.closeListeners.push(fn);
  }

  /** Keeps the empty-room timer from firing while a leg is being set up (`release()` when done). */
  hold(): void {
    this.joining++;
    this.disarmEmptyTimer();
  }

  release(): void {
    this.joining = Math.max(0, this.joining - 1);
    this.armEmptyTimer();
  }

  newCustomerLeg(): CustomerLeg {
    this.assertOpen();
    if (this.customer) throw new AppError("CONFLICT", { userMessage: "This call already has a WhatsApp leg." });
    const leg = new CustomerLeg({
      callId: this.callId,
      router: this.router,
      config: this.deps.config,
      events: this.deps.events,
      log: this.deps.log,
      // Without the customer there is no call: the room goes down with the leg, keeping its reason
      // (media_timeout, ice_failed …) so web can tell a network failure from a hang-up.
      onClose: (reason) => this.close(reason),
    });
    this.customer = leg;
    this.disarmEmptyTimer();
    return leg;
  }

  /** One agent leg per socket; a second join from the same socket returns the same leg (`created: false`). */
  joinAgent(userId: string, socketId: string): { leg: AgentLeg; created: boolean } {
    this.assertOpen();
    const existing = this.agents.get(socketId);
    if (existing && !existing.closed) return { leg: existing, created: false };
    const leg = new AgentLeg({
      callId: this.callId,
      userId,
      socketId,
      router: this.router,
      listenIp: this.deps.listenIp,
      announcedIp: this.deps.announcedIp,
      events: this.deps.events,
      log: this.deps.log,
      onProducer: (producer) => this.onAgentProducer(leg, producer),
      onClose: () => this.onAgentClosed(leg),
    });
    this.agents.set(socketId, leg);
    this.disarmEmptyTimer();
    return { leg, created: true };
  }

  agentBySocket(socketId: string): AgentLeg | undefined {
    return this.agents.get(socketId);
  }

  /** Customer hears the hold tone; agents stop hearing the customer. */
  async setHeld(held: boolean): Promise<void> {
    this.assertOpen();
    this.held = held;
    this.customer?.setHeld(held);
    await Promise.all([...this.agents.values()].map((a) => a.setListening(!held)));
  }

  async stats(): Promise<Record<string, unknown>> {
    return {
      callId: this.callId,
      createdAt: new Date(this.createdAt).toISOString(),
      held: this.held,
      routerId: this.router.id,
      customer: this.customer ? await this.customer.stats() : null,
      agents: await Promise.all(
        [...this.agents.values()].map(async (a) => {
          const producerStats = a.producer && !a.producer.closed ? ((await a.producer.getStats()) as unknown as Record<string, unknown>[])[0] : undefined;
          return {
            legId: a.id,
            userId: a.userId,
            connected: a.connected,
            producing: Boolean(a.producer && !a.producer.closed),
            consumers: a.consumers.size,
            fromAgent: producerStats
              ? {
                  packets: producerStats.packetCount ?? null,
                  bytes: producerStats.byteCount ?? null,
                  packetsLost: producerStats.packetsLost ?? null,
                  jitterMs: typeof producerStats.jitter === "number" ? Math.round((producerStats.jitter / 48) * 10) / 10 : null,
                  score: producerStats.score ?? null,
                }
              : null,
          };
        }),
      ),
    };
  }

  close(reason: LegCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.disarmEmptyTimer();
    this.customer?.close(LegCloseReason.room_closed);
    for (const a of this.agents.values()) a.close(LegCloseReason.room_closed);
    this.agents.clear();
    if (!this.router.closed) this.router.close();
    this.deps.log.info({ callId: this.callId, reason }, "call room closed");
    this.deps.events.report({ type: CallMediaEvent.roomClosed, callId: this.callId, reason, at: new Date().toISOString() });
    for (const fn of this.closeListeners.splice(0)) fn(reason);
  }

  /**
   * The other agents' microphones for `leg` (a conference), paused until its browser resumes them;
   * joinCall hands them over with the leg's transports. One that cannot be consumed is logged and
   * left out: the agent still joins and hears the customer.
   */
  async peerConsumersFor(leg: AgentLeg): Promise<TPeerConsumer[]> {
    const peers = await Promise.all(
      [...this.agents.values()]
        .filter((a) => a !== leg && a.producer && !a.producer.closed)
        .map((a) =>
          leg.consumePeer(a.producer!, a.userId).catch((err: unknown) => {
            this.deps.log.error({ callId: this.callId, legId: leg.id, err: String(err) }, "could not give an agent the other agent's audio");
            return null;
          }),
        ),
    );
    return peers.filter((p): p is TPeerConsumer => p !== null);
  }

  /** The customer hears every producing agent (mixed when several talk); the other agents hear this one. */
  private async onAgentProducer(leg: AgentLeg, producer: Producer): Promise<void> {
    const { callId } = this;
    const { log } = this.deps;
    await Promise.all([
      this.feedCustomer(),
      ...[...this.agents.values()]
        .filter((a) => a !== leg && !a.closed)
        .map((a) => a.offerPeer(producer, leg.userId).catch((err: unknown) => log.error({ callId, legId: a.id, err: String(err) }, "could not give an agent the other agent's audio"))),
    ]);
  }

  private onAgentClosed(leg: AgentLeg): void {
    if (this.agents.get(leg.socketId) === leg) this.agents.delete(leg.socketId);
    if (this.closed) return;
    void this.feedCustomer();
    this.armEmptyTimer();
  }

  private async feedCustomer(): Promise<void> {
    const producing = [...this.agents.values()].flatMap((a) => (a.producer && !a.producer.closed ? [a.producer.id] : []));
    try {
      await this.customer?.setAgentProducers(producing);
    } catch (err) {
      this.deps.log.error({ callId: this.callId, err: String(err) }, "could not feed the agents to the customer");
    }
  }

  private armEmptyTimer(): void {
    if (this.closed || this.emptyTimer || this.joining > 0) return;
    if (this.customer || this.agents.size > 0) return;
    this.emptyTimer = setTimeout(() => this.close(LegCloseReason.empty_timeout), this.deps.config.emptyRoomTimeoutMs);
    this.emptyTimer.unref();
  }

  private disarmEmptyTimer(): void {
    if (this.emptyTimer) clearTimeout(this.emptyTimer);
    this.emptyTimer = null;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError("INVALID_STATE", { userMessage: "This call's media room is closed." });
  }
}
