import type { TPeerConsumer } from "@/media-server/src/signalling/contract";

/** What PeerAudio needs of a mediasoup-client Consumer. */
export interface PeerConsumerLike {
  id: string;
  track: MediaStreamTrack;
  close(): void;
}

export interface PeerAudioDeps {
  /** `recvTransport.consume(...)` with the server's parameters. */
  consume(info: TPeerConsumer): Promise<PeerConsumerLike>;
  /** `resumeConsumer`: the server creates the consumer paused, and one never resumed delivers nothing. */
  resume(consumerId: string): Promise<void>;
  /** Starts playing the track; returns what stops it. */
  play(track: MediaStreamTrack, userId: string): () => void;
  /** A peer that could not be set up (it is dropped; the call goes on). */
  onError?(info: TPeerConsumer, err: unknown): void;
}

interface Entry {
  consumer?: PeerConsumerLike;
  stop?: () => void;
}

/**
 * The other agents' microphones in a conference call (an added participant, a warm transfer), on
 * this leg's receive transport: from joinCall's `peers` and the `peerConsumer` push, until
 * `consumerClosed` or the session's end. Each one is consumed, resumed, then played.
 *
 * Ordering the media-server does not promise, so handled here: a push can arrive before the receive
 * transport exists (queued until `start`), the same consumer can come twice (joinCall's answer and a
 * push), and `consumerClosed` can arrive while its consume or resume is still in flight.
 */
export class PeerAudio {
  private deps: PeerAudioDeps | null = null;
  private pending: TPeerConsumer[] = [];
  private readonly live = new Map<string, Entry>();
  private closed = false;

  /** The receive transport exists: set up the queued peers, and later ones at once. */
  start(deps: PeerAudioDeps): void {
    if (this.closed || this.deps) return;
    this.deps = deps;
    for (const info of this.pending.splice(0)) this.add(info);
  }

  add(info: TPeerConsumer): void {
    if (this.closed || this.live.has(info.id) || this.pending.some((p) => p.id === info.id)) return;
    const deps = this.deps;
    if (!deps) {
      this.pending.push(info);
      return;
    }
    const entry: Entry = {};
    this.live.set(info.id, entry);
    this.open(deps, info, entry).catch((err: unknown) => {
      if (this.live.get(info.id) === entry) this.remove(info.id);
      deps.onError?.(info, err);
    });
  }

  /** That agent left (or the session ends): stop playing and close the consumer. */
  remove(consumerId: string): void {
    this.pending = this.pending.filter((p) => p.id !== consumerId);
    const entry = this.live.get(consumerId);
    if (!entry) return;
    this.live.delete(consumerId);
    entry.stop?.();
    entry.consumer?.close();
  }

  close(): void {
    this.closed = true;
    this.pending = [];
    for (const id of [...this.live.keys()]) this.remove(id);
  }

  /** Consumer ids being played now. */
  get playing(): string[] {
    return [...this.live].filter(([, e]) => e.stop).map(([id]) => id);
  }

  private async open(deps: PeerAudioDeps, info: TPeerConsumer, entry: Entry): Promise<void> {
    const consumer = await deps.consume(info);
    if (this.live.get(info.id) !== entry) {
      consumer.close(); // removed while it was being consumed
      return;
    }
    entry.consumer = consumer;
    await deps.resume(consumer.id);
    if (this.live.get(info.id) !== entry) return; // removed (and closed) while resuming
    entry.stop = deps.play(consumer.track, info.userId);
  }
}
