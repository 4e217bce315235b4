import { Device } from "mediasoup-client";
import type { Consumer, Producer, Transport } from "mediasoup-client/types";
import { assessQuality, sampleFromStats, type QualityReading, type QualitySample } from "./network-quality";
import { connectSignalling, SignallingError, type SignallingClient } from "./signalling-client";

/**
 * One agent's media for one call: socket.io signalling to the media-server, a mediasoup-client
 * Device, a receive transport consuming the customer and a send transport producing the microphone.
 *
 * Outside-world facts (reference media-bridge.md §9):
 * - mediasoup-client 3.18 picks its browser handler itself (`new Device()` auto-detects, e.g.
 *   Chrome111); we never name one.
 * - The server creates the customer consumer paused. mediasoup-client's `consumer.paused` does not
 *   mirror the server, so after `recvTransport.consume()` we must send `resumeConsumer`, or no audio
 *   ever flows (fact 7).
 * - Chrome reports inbound audioLevel 0 for a muted <audio> element: the element that plays the
 *   customer is left unmuted; tests measure with a WebAudio AnalyserNode (fact 8).
 * - getUserMedia with echo cancellation / noise suppression / AGC as the browser defaults for real
 *   agents (headsets); opus DTX off keeps a steady packet rate, which keeps the quality indicator
 *   (and Meta's no-media watchdog) honest during silence.
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
  token: string;
  /** Where the customer's audio plays; created and appended to <body> when absent. */
  audioElement?: HTMLAudioElement;
  /** Microphone constraints (tests turn processing off for a clean tone). */
  micConstraints?: MediaTrackConstraints;
  qualityIntervalMs?: number;
}

export class MediaSession {
  private state: MediaSessionState = "connecting";
  private signalling: SignallingClient | null = null;
  private recv: Transport | null = null;
  private send: Transport | null = null;
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private mic: MediaStream | null = null;
  private audio: HTMLAudioElement | null = null;
  private ownsAudio = false;
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  private lastSample: QualitySample | null = null;
  private offs: (() => void)[] = [];
  /** performance.now() when the first customer packet was decoded; for the accept → audio measure. */
  firstAudioAt: number | null = null;

  constructor(private readonly opts: MediaSessionOptions) {}

  get currentState(): MediaSessionState {
    return this.state;
  }

  get muted(): boolean {
    return this.producer?.paused ?? false;
  }

  get remoteStream(): MediaStream | null {
    return this.consumer ? new MediaStream([this.consumer.track]) : null;
  }

  async start(): Promise<void> {
    try {
      await this.run();
      this.setState("connected");
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.setState("failed", reason);
      this.teardown();
      throw err;
    }
  }

  private async run(): Promise<void> {
    const { callId } = this.opts;
    mark("softphone:media-start", callId);
    // Ask for the microphone in parallel with the socket handshake: both take tens of ms and
    // the permission prompt (first use) should appear as early as possible.
    const micPromise = navigator.mediaDevices.getUserMedia({ audio: this.opts.micConstraints ?? true, video: false });
    micPromise.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    const s = await connectSignalling({ url: this.opts.mediaUrl, token: this.opts.token });
    this.signalling = s;
    if (this.state === "closed") throw new Error("closed");
    this.offs.push(
      s.on("legClosed", (p) => {
        if (p.callId !== callId) return;
        this.opts.onLegClosed?.(p.reason);
        this.close();
      }),
      s.onDisconnect((reason) => {
        if (this.state === "closed") return;
        this.setState("failed", `media server connection lost (${reason})`);
        this.teardown();
      }),
    );

    mark("softphone:socket-connected", callId);
    const joined = await s.request("joinCall", { callId, as: "agent" });
    const device = new Device();
    await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as never });

    // Receive: the customer.
    const recvInfo = await s.request("createTransport", { direction: "recv" });
    const recv = device.createRecvTransport(recvInfo as never);
    this.recv = recv;
    recv.on("connect", ({ dtlsParameters }, ok, fail) => {
      s.request("connectTransport", { transportId: recv.id, dtlsParameters: dtlsParameters as never }).then(() => ok(), fail);
    });
    recv.on("connectionstatechange", (st) => this.onTransportState(st));
    const c = await s.request("consume", {
      transportId: recv.id,
      source: "customer",
      rtpCapabilities: device.rtpCapabilities as never,
    });
    const consumer = await recv.consume({
      id: c.id,
      producerId: c.producerId,
      kind: c.kind,
      rtpParameters: c.rtpParameters as never,
    });
    this.consumer = consumer;
    await s.request("resumeConsumer", { consumerId: consumer.id });
    mark("softphone:consumer-resumed", callId);
    this.playRemote(consumer.track);

    // Send: the microphone.
    const sendInfo = await s.request("createTransport", { direction: "send" });
    const send = device.createSendTransport(sendInfo as never);
    this.send = send;
    send.on("connect", ({ dtlsParameters }, ok, fail) => {
      s.request("connectTransport", { transportId: send.id, dtlsParameters: dtlsParameters as never }).then(() => ok(), fail);
    });
    send.on("produce", ({ kind, rtpParameters }, ok, fail) => {
      if (kind !== "audio") return fail(new Error("audio only"));
      s.request("produce", { transportId: send.id, kind: "audio", rtpParameters: rtpParameters as never }).then(
        ({ id }) => ok({ id }),
        fail,
      );
    });
    send.on("connectionstatechange", (st) => this.onTransportState(st));
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
    this.producer = await send.produce({ track, codecOptions: { opusStereo: false, opusDtx: false } });
    mark("softphone:mic-producing", callId);
    this.startQuality();
  }

  private playRemote(track: MediaStreamTrack): void {
    let el = this.opts.audioElement ?? null;
    if (!el) {
      el = document.createElement("audio");
      el.autoplay = true;
      el.dataset.testid = "softphone-remote-audio";
      el.style.display = "none";
      document.body.appendChild(el);
      this.ownsAudio = true;
    }
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => undefined); // autoplay may wait for a gesture; the accept click is one
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
    if (!this.recv || this.state !== "connected") return;
    try {
      const stats: { type: string }[] = [];
      (await this.recv.getStats()).forEach((s: { type: string }) => stats.push(s));
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
    const s = this.signalling;
    if (s) void s.request("leave", {}).catch(() => undefined); // best effort: the socket closes next
    this.setState("closed");
    this.teardown();
  }

  private teardown(): void {
    if (this.qualityTimer) clearInterval(this.qualityTimer);
    this.qualityTimer = null;
    for (const off of this.offs.splice(0)) off();
    this.producer?.close();
    this.consumer?.close();
    this.send?.close();
    this.recv?.close();
    this.mic?.getTracks().forEach((t) => t.stop());
    if (this.audio) {
      this.audio.srcObject = null;
      if (this.ownsAudio) this.audio.remove();
    }
    this.signalling?.close();
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
