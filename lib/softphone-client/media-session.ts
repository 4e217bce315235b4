import { Device } from "mediasoup-client";
import type { Consumer, Producer, Transport } from "mediasoup-client/types";
import type { TConsumeResponse, TCreateTransportResponse } from "@/media-server/src/signalling/contract";
import type { MediaLink, MediaLinkConnection } from "./media-link";
import { assessQuality, sampleFromStats, type QualityReading, type QualitySample } from "./network-quality";
import { PeerAudio } from "./peer-audio";
import { connectSignalling, SignallingError, type SignallingClient } from "./signalling-client";

/**
 * One agent's media for one call: a receive transport consuming the customer (and, in a conference,
 * the other agents: ./peer-audio.ts) and a send transport producing the microphone, over the
 * softphone's standing signalling socket and preloaded Device (./media-link.ts), or over a socket of
 * its own when there is no link (or it points elsewhere).
 *
 * The accept path is: one `joinCall` (call token + the Device's capabilities → both transports and
 * the paused customer consumer), then receiving (consume locally, connect, resume) and sending
 * (connect, produce the microphone, asked for at the Accept click) side by side.
 *
 * Outside-world facts (reference media-bridge.md §9):
 * - mediasoup-client 3.18 picks its browser handler itself (`new Device()` auto-detects, e.g.
 *   Chrome111); we never name one.
 * - The server creates the customer consumer paused. mediasoup-client's `consumer.paused` does not
 *   mirror the server, so after `recvTransport.consume()` we must send `resumeConsumer`, or no audio
 *   ever flows (fact 7).
 * - Chrome reports inbound audioLevel 0 for a muted <audio> element: the element that plays the
 *   customer is left unmuted; tests measure with a WebAudio AnalyserNode (fact 8).
 * - Each other agent plays through an <audio> element of its own (data-testid softphone-peer-audio):
 *   Chromium mixes the elements, so the agent hears the customer and the peers together. Mute only
 *   pauses our producer; on hold the server pauses the customer's consumer only (agents may confer).
 * - getUserMedia with echo cancellation / noise suppression / AGC as the browser defaults for real
 *   agents (headsets); opus DTX off keeps a steady packet rate, which keeps the quality indicator
 *   (and Meta's no-media watchdog) honest during silence.
 * - A transport's `connect` is acknowledged before mediasoup-client goes on: the media-server must
 *   know the browser's DTLS role before the browser's first DTLS packet, or that packet is dropped
 *   and DTLS waits a retransmission (about a second).
 */
export type MediaSessionState = "connecting" | "connected" | "failed" | "closed";

export interface MediaSessionEvents {
  onState?: (state: MediaSessionState, reason?: string) => void;
  onQuality?: (q: QualityReading) => void;
  /** The media-server closed this leg (call ended elsewhere, transfer, transport failure). */
  onLegClosed?: (reason: string) => void;
}

export interface MediaSessionOptions extends MediaSessionEvents {
  callId: string;
  mediaUrl: string;
  /** The call token (names the call; web mints it on accept). */
  token: string;
  /** The softphone's standing connection; without it (or when it serves another URL) the session opens its own socket. */
  link?: MediaLink | null;
  /** The microphone, when the caller asked for it early (at the Accept click); else asked for here. */
  mic?: Promise<MediaStream>;
  /** Where the customer's audio plays; created and appended to <body> when absent. */
  audioElement?: HTMLAudioElement;
  /** Microphone constraints (tests turn processing off for a clean tone). */
  micConstraints?: MediaTrackConstraints;
  qualityIntervalMs?: number;
}

/** Asks for the microphone now (the permission prompt, first time, should appear at once); a rejection is handled by whoever awaits it. */
export function requestMicrophone(constraints?: MediaTrackConstraints): Promise<MediaStream> {
  const p = navigator.mediaDevices.getUserMedia({ audio: constraints ?? true, video: false });
  p.catch(() => undefined); // awaited later; avoid an unhandled rejection meanwhile
  return p;
}

/** Stops a microphone asked for early that no session took (the accept failed). */
export function releaseMicrophone(mic: Promise<MediaStream> | undefined): void {
  void mic?.then(
    (m) => m.getTracks().forEach((t) => t.stop()),
    () => undefined,
  );
}

export class MediaSession {
  private state: MediaSessionState = "connecting";
  private signalling: SignallingClient | null = null;
  /** A socket opened for this call only (closed with the session); null on the shared link. */
  private ownSocket: SignallingClient | null = null;
  private recv: Transport | null = null;
  private send: Transport | null = null;
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private mic: MediaStream | null = null;
  private audio: HTMLAudioElement | null = null;
  private ownsAudio = false;
  /** The other agents' microphones (a conference); the quality indicator and first-audio mark read the customer only. */
  private readonly peers = new PeerAudio();
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private lastSample: QualitySample | null = null;
  private offs: (() => void)[] = [];
  private legId: string | null = null;
  /** performance.now() when the first customer packet was decoded; for the accept → audio measure. */
  firstAudioAt: number | null = null;

  constructor(private readonly opts: MediaSessionOptions) {}

  get currentState(): MediaSessionState {
    return this.state;
  }

  /** A method, not a comparison, so TypeScript does not carry a narrowing across awaits. */
  private isClosed(): boolean {
    return this.state === "closed";
  }

  get muted(): boolean {
    return this.producer?.paused ?? false;
  }

  get remoteStream(): MediaStream | null {
    return this.consumer ? new MediaStream([this.consumer.track]) : null;
  }

  async start(): Promise<void> {
    const micPromise = this.opts.mic ?? requestMicrophone(this.opts.micConstraints);
    try {
      await this.run(micPromise);
      this.setState("connected");
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (this.state !== "closed") this.leave();
      this.setState("failed", reason);
      this.teardown();
      releaseMicrophone(micPromise); // a microphone that arrived after the failure
      throw err;
    }
  }

  /** The shared link when it serves this call's media-server, else a socket opened with the call token. */
  private async connection(): Promise<{ client: SignallingClient; device: Device; capabilitiesKey: string | null }> {
    const link = this.opts.link;
    let conn: MediaLinkConnection | null = null;
    if (link) conn = await link.ready().catch(() => null); // unreachable now: the call's own socket reports why
    if (conn && conn.url === this.opts.mediaUrl) return { client: conn.client, device: conn.device as unknown as Device, capabilitiesKey: conn.capabilitiesKey };
    const client = await connectSignalling({ url: this.opts.mediaUrl, token: this.opts.token });
    this.ownSocket = client;
    return { client, device: new Device(), capabilitiesKey: null };
  }

  private async run(micPromise: Promise<MediaStream>): Promise<void> {
    const { callId } = this.opts;
    mark("softphone:media-start", callId);
    const { client: s, device: linkDevice, capabilitiesKey } = await this.connection();
    this.signalling = s;
    if (this.isClosed()) throw new Error("closed");
    this.offs.push(
      s.on("legClosed", (p) => {
        // By leg id: on the shared socket, the previous session's leg (maybe of this same call) closes too.
        if (p.callId !== callId || p.legId !== this.legId) return;
        this.opts.onLegClosed?.(p.reason);
        this.close();
      }),
      // Pushes that come before the receive transport exists wait in `peers` until it does.
      s.on("peerConsumer", (p) => {
        if (p.callId === callId) this.peers.add(p.consumer);
      }),
      s.on("consumerClosed", (p) => {
        if (p.callId === callId) this.peers.remove(p.consumerId);
      }),
      s.onDisconnect((reason) => {
        if (this.state === "closed") return;
        this.setState("failed", `media server connection lost (${reason})`);
        this.teardown();
      }),
    );
    mark("softphone:socket-connected", callId);

    const joined = await s.request("joinCall", {
      callId,
      as: "agent",
      token: this.opts.token,
      ...(linkDevice.loaded ? { rtpCapabilities: linkDevice.rtpCapabilities as never } : {}),
    });
    this.legId = joined.legId;
    for (const peer of joined.peers ?? []) this.peers.add(peer);
    mark("softphone:joined", callId);
    if (this.isClosed()) throw new Error("closed");
    let device = linkDevice;
    let transports = joined.transports;
    let consumerInfo: TConsumeResponse | null = joined.consumer ?? null;
    if (!device.loaded || (capabilitiesKey !== null && capabilitiesKey !== JSON.stringify(joined.routerRtpCapabilities))) {
      // A socket of our own, or a room with other codecs than the link's Device knows: load a
      // Device for this call; a batched consumer was made for the other capabilities, so ask again.
      device = new Device();
      await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as never });
      consumerInfo = null;
    }
    if (!transports) {
      const [recvInfo, sendInfo] = await Promise.all([
        s.request("createTransport", { direction: "recv" }),
        s.request("createTransport", { direction: "send" }),
      ]);
      transports = { recv: recvInfo, send: sendInfo };
    }
    const recv = this.transport(device, s, transports.recv, "recv");
    const send = this.transport(device, s, transports.send, "send");
    send.on("produce", ({ kind, rtpParameters }, ok, fail) => {
      if (kind !== "audio") return fail(new Error("audio only"));
      s.request("produce", { transportId: send.id, kind: "audio", rtpParameters: rtpParameters as never }).then(
        ({ id }) => ok({ id }),
        fail,
      );
    });

    // Receive the customer and send the microphone side by side; each waits only for its own round trips.
    const receiving = (async () => {
      const c =
        consumerInfo ??
        (await s.request("consume", { transportId: recv.id, source: "customer", rtpCapabilities: device.rtpCapabilities as never }));
      const consumer = await recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters as never });
      this.consumer = consumer;
      await s.request("resumeConsumer", { consumerId: consumer.id });
      mark("softphone:consumer-resumed", callId);
      this.playRemote(consumer.track);
    })();
    const sending = (async () => {
      let mic: MediaStream;
      try {
        mic = await micPromise;
      } catch (err) {
        throw new SignallingError(
          "MIC_DENIED",
          `Microphone unavailable: ${err instanceof Error ? err.message : String(err)}. Allow the microphone for this site.`,
        );
      }
      this.mic = mic;
      const track = mic.getAudioTracks()[0];
      if (!track) throw new SignallingError("MIC_DENIED", "No microphone was found.");
      if (this.isClosed()) throw new Error("closed");
      this.producer = await send.produce({ track, codecOptions: { opusStereo: false, opusDtx: false } });
      mark("softphone:mic-producing", callId);
    })();
    // After the customer's consume is queued on the transport, so peers never delay the first audio.
    this.peers.start({
      consume: (c) => recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters as never }),
      resume: async (consumerId) => {
        await s.request("resumeConsumer", { consumerId });
      },
      play: playPeer,
      onError: (c, err) => console.warn(`softphone: could not play agent ${c.userId} (consumer ${c.id})`, err),
    });
    // Both settle before a failure tears down, so nothing is created after the teardown.
    const [r, w] = await Promise.allSettled([receiving, sending]);
    if (r.status === "rejected") throw r.reason;
    if (w.status === "rejected") throw w.reason;
    this.startQuality();
  }

  private transport(device: Device, s: SignallingClient, info: TCreateTransportResponse, direction: "send" | "recv"): Transport {
    const t = direction === "recv" ? device.createRecvTransport(info as never) : device.createSendTransport(info as never);
    if (direction === "recv") this.recv = t;
    else this.send = t;
    t.on("connect", ({ dtlsParameters }, ok, fail) => {
      s.request("connectTransport", { transportId: t.id, dtlsParameters: dtlsParameters as never }).then(() => ok(), fail);
    });
    t.on("connectionstatechange", (st) => this.onTransportState(st));
    return t;
  }

  private playRemote(track: MediaStreamTrack): void {
    let el = this.opts.audioElement ?? null;
    if (!el) {
      el = hiddenAudio("softphone-remote-audio");
      this.ownsAudio = true;
    }
    playOn(el, track);
    this.audio = el;
    const started = () => {
      this.firstAudioAt ??= performance.now();
      mark("softphone:remote-playing", this.opts.callId);
    };
    el.addEventListener("playing", started, { once: true });
  }

  private onTransportState(st: string): void {
    if (st === "failed" && this.state !== "closed") {
      this.setState("failed", "media connection failed");
      this.teardown();
    }
  }

  private startQuality(): void {
    const every = this.opts.qualityIntervalMs ?? 2000;
    this.qualityTimer = setInterval(() => {
      void this.pollQuality();
    }, every);
  }

  private async pollQuality(): Promise<void> {
    if (!this.consumer || this.state !== "connected") return;
    try {
      // The customer's receiver only: peers' counters would come and go with them (a drop reads as loss).
      const stats: { type: string }[] = [];
      (await this.consumer.getStats()).forEach((s: { type: string }) => stats.push(s));
      if (this.send) (await this.send.getStats()).forEach((s: { type: string }) => stats.push(s));
      const sample = sampleFromStats(stats);
      this.opts.onQuality?.(assessQuality(this.lastSample, sample));
      this.lastSample = sample;
    } catch {
      // Transport closed between the tick and getStats: the next state change reports it.
    }
  }

  /** Mute = pause the producer: nothing is sent (the track keeps running so unmute is instant). */
  setMuted(muted: boolean): void {
    if (!this.producer) return;
    if (muted) this.producer.pause();
    else this.producer.resume();
  }

  /** Leave the call's media (the call itself is ended through web's API). */
  close(): void {
    if (this.state === "closed") return;
    this.leave();
    this.setState("closed");
    this.teardown();
  }

  /** On the shared socket this is what closes our leg (the socket stays up); on our own socket, closing it does the same. */
  private leave(): void {
    const s = this.signalling;
    if (s) void s.request("leave", { callId: this.opts.callId }).catch(() => undefined); // best effort
  }

  private teardown(): void {
    if (this.qualityTimer) clearInterval(this.qualityTimer);
    this.qualityTimer = null;
    for (const off of this.offs.splice(0)) off();
    this.peers.close();
    this.producer?.close();
    this.consumer?.close();
    this.send?.close();
    this.recv?.close();
    this.mic?.getTracks().forEach((t) => t.stop());
    if (this.audio) {
      this.audio.srcObject = null;
      if (this.ownsAudio) this.audio.remove();
    }
    this.ownSocket?.close(); // the shared link's socket stays up for the next call
    this.ownSocket = null;
    this.signalling = null;
    this.producer = null;
    this.consumer = null;
    this.send = null;
    this.recv = null;
    this.mic = null;
  }

  private setState(state: MediaSessionState, reason?: string): void {
    if (this.state === state || this.state === "closed") return;
    this.state = state;
    this.opts.onState?.(state, reason);
  }
}

/** A hidden autoplaying <audio> appended to <body>. */
function hiddenAudio(testId: string): HTMLAudioElement {
  const el = document.createElement("audio");
  el.autoplay = true;
  el.dataset.testid = testId;
  el.style.display = "none";
  document.body.appendChild(el);
  return el;
}

function playOn(el: HTMLAudioElement, track: MediaStreamTrack): void {
  el.srcObject = new MediaStream([track]);
  void el.play().catch(() => undefined); // autoplay may wait for a gesture; the accept click is one
}

/** Another agent's microphone in an element of its own; returns what stops and removes it. */
function playPeer(track: MediaStreamTrack, userId: string): () => void {
  const el = hiddenAudio("softphone-peer-audio");
  el.dataset.userId = userId;
  playOn(el, track);
  return () => {
    el.srcObject = null;
    el.remove();
  };
}

/**
 * User Timing marks along the accept → audio path (visible in the browser's performance panel and
 * read by the e2e tests to break the setup time down). `detail` carries the call id.
 */
export function mark(name: string, callId: string): void {
  try {
    performance.mark(name, { detail: { callId } });
  } catch {
    // very old browsers without the `detail` option: timing marks are diagnostics only
  }
}
