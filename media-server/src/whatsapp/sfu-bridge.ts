import dgram from "node:dgram";
import type { AddressInfo } from "node:net";
import type { Consumer, PlainTransport, Producer, Router, RtpCapabilities, RtpParameters } from "mediasoup/lib/types";

/**
 * Plain RTP over loopback between the werift gateway and the call's mediasoup router
 * (media-bridge §2.5 A, §9 facts 5 and 6):
 *
 * - customer → SFU: we send Meta's RTP from `toSfu` to a PlainTransport with `comedia: true`
 *   (it learns our address from the first packet) and `rtcpMux: true`; the producer on it carries
 *   Meta's SSRC and PT 111, so nothing is remapped.
 * - SFU → customer: consumers on a second PlainTransport (`comedia: false`, connected to our
 *   `fromSfu` socket) deliver the agents' audio, one SSRC per agent. RTCP arrives on the same socket (rtcp-mux): it is
 *   split off by the second byte (RTCP packet types 192–223, RFC 5761 §4) and dropped — werift sends
 *   its own RTCP toward Meta, which is what Meta checks for liveness.
 */
const GATEWAY_RTP_CAPABILITIES: RtpCapabilities = {
  codecs: [{ kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2, preferredPayloadType: 111, rtcpFeedback: [] }],
  headerExtensions: [],
};

export function isRtcp(buf: Buffer): boolean {
  return buf.length >= 2 && buf[1] >= 192 && buf[1] <= 223;
}

export class SfuBridge {
  producer: Producer | null = null;
  private readonly consumers = new Map<string, Consumer>(); // by producer id
  private closed = false;

  private constructor(
    private readonly router: Router,
    private readonly inTransport: PlainTransport,
    private readonly outTransport: PlainTransport,
    private readonly toSfu: dgram.Socket,
    private readonly fromSfu: dgram.Socket,
  ) {}

  static async create(router: Router, onAgentRtp: (packet: Buffer) => void): Promise<SfuBridge> {
    const toSfu = await bindLoopback();
    const fromSfu = await bindLoopback();
    let inTransport: PlainTransport | undefined;
    let outTransport: PlainTransport | undefined;
    try {
      inTransport = await router.createPlainTransport({ listenIp: { ip: "127.0.0.1" }, rtcpMux: true, comedia: true, appData: { role: "customer-in" } });
      outTransport = await router.createPlainTransport({ listenIp: { ip: "127.0.0.1" }, rtcpMux: true, comedia: false, appData: { role: "customer-out" } });
      await outTransport.connect({ ip: "127.0.0.1", port: (fromSfu.address() as AddressInfo).port });
    } catch (err) {
      inTransport?.close();
      outTransport?.close();
      toSfu.close();
      fromSfu.close();
      throw err;
    }
    // mediasoup's receiver reports for the customer stream come back here; nothing needs them.
    toSfu.on("message", () => undefined);
    fromSfu.on("message", (buf) => {
      if (!isRtcp(buf)) onAgentRtp(buf);
    });
    return new SfuBridge(router, inTransport, outTransport, toSfu, fromSfu);
  }

  /** The customer producer (idempotent): Meta's SSRC and cname, Opus on PT 111. */
  async produceCustomer(rtpParameters: RtpParameters): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producer = await this.inTransport.produce({ kind: "audio", rtpParameters, appData: { role: "customer" } });
    return this.producer;
  }

  /** Relays one customer RTP packet into mediasoup. */
  sendToSfu(packet: Buffer): void {
    if (this.closed) return;
    const { localIp, localPort } = this.inTransport.tuple;
    this.toSfu.send(packet, localPort, localIp);
  }

  /**
   * Points the customer's ear at these producers (the agents' microphones; none → nothing). Each
   * has its own consumer, so its packets arrive with their own SSRC: one is relayed as is, several
   * are mixed by the customer leg (a conference).
   */
  async feedFrom(producerIds: readonly string[]): Promise<void> {
    const wanted = new Set(producerIds);
    for (const [id, c] of this.consumers) {
      if (wanted.has(id)) continue;
      c.close();
      this.consumers.delete(id);
    }
    await Promise.all([...wanted].filter((id) => !this.consumers.has(id)).map((id) => this.consume(id)));
  }

  private async consume(producerId: string): Promise<void> {
    if (this.closed) return;
    if (!this.router.canConsume({ producerId, rtpCapabilities: GATEWAY_RTP_CAPABILITIES })) {
      throw new Error(`cannot consume producer ${producerId} as Opus`);
    }
    // Created unpaused: nobody would resume it later (media-bridge §9 fact 7).
    const consumer = await this.outTransport.consume({ producerId, rtpCapabilities: GATEWAY_RTP_CAPABILITIES, paused: false, appData: { role: "to-customer" } });
    if (this.closed || this.consumers.has(producerId)) {
      consumer.close();
      return;
    }
    consumer.on("producerclose", () => {
      if (this.consumers.get(producerId) === consumer) this.consumers.delete(producerId);
    });
    this.consumers.set(producerId, consumer);
  }

  /** How many agent microphones the customer is fed from. */
  get feeding(): number {
    return this.consumers.size;
  }

  async producerStats(): Promise<Record<string, unknown> | null> {
    if (!this.producer || this.producer.closed) return null;
    const stats = (await this.producer.getStats()) as unknown as Record<string, unknown>[];
    return stats.find((s) => s.type === "inbound-rtp") ?? stats[0] ?? null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.consumers.values()) c.close();
    this.consumers.clear();
    this.inTransport.close(); // closes the producer too
    this.outTransport.close();
    this.toSfu.close();
    this.fromSfu.close();
  }
}

function bindLoopback(): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket("udp4");
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      s.off("error", reject);
      // A late ICMP "port unreachable" or a send after close must never crash the process.
      s.on("error", () => undefined);
      resolve(s);
    });
  });
}
