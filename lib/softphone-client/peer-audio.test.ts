import { describe, expect, it } from "vitest";
import type { TPeerConsumer } from "@/media-server/src/signalling/contract";
import { PeerAudio, type PeerAudioDeps } from "./peer-audio";

const peer = (id: string, userId = `user-${id}`): TPeerConsumer => ({ id, producerId: `p-${id}`, kind: "audio", rtpParameters: {}, paused: true, userId });

/** Interface fakes for the receive transport, the signalling and the speakers; each step is released by hand. */
function harness() {
  const log: string[] = [];
  const gates = new Map<string, () => void>();
  const gate = (key: string) => new Promise<void>((resolve) => gates.set(key, resolve));
  const release = async (key: string) => {
    await expect.poll(() => gates.has(key)).toBe(true);
    gates.get(key)!();
    gates.delete(key);
  };
  const errors: string[] = [];
  const deps: PeerAudioDeps = {
    async consume(info) {
      log.push(`consume ${info.id}`);
      await gate(`consume ${info.id}`);
      return { id: info.id, track: { id: `track-${info.id}` } as MediaStreamTrack, close: () => log.push(`close ${info.id}`) };
    },
    async resume(id) {
      log.push(`resume ${id}`);
      await gate(`resume ${id}`);
      if (id === "bad") throw new Error("NOT_FOUND");
    },
    play(track, userId) {
      log.push(`play ${track.id} ${userId}`);
      return () => log.push(`stop ${track.id}`);
    },
    onError: (info, err) => errors.push(`${info.id}: ${(err as Error).message}`),
  };
  /** Lets consume and resume of `id` go through. */
  const through = async (id: string) => {
    await release(`consume ${id}`);
    await release(`resume ${id}`);
  };
  return { peers: new PeerAudio(), deps, log, errors, release, through };
}

describe("PeerAudio", () => {
  it("consumes, resumes, then plays each peer, in that order", async () => {
    const h = harness();
    h.peers.start(h.deps);
    h.peers.add(peer("a"));
    await h.through("a");
    await expect.poll(() => h.peers.playing).toEqual(["a"]);
    expect(h.log).toEqual(["consume a", "resume a", "play track-a user-a"]);
  });

  it("queues peers announced before the receive transport exists, and ignores a repeat", async () => {
    const h = harness();
    h.peers.add(peer("a"));
    h.peers.add(peer("a")); // joinCall's peers and a push for the same consumer
    expect(h.log).toEqual([]);
    h.peers.start(h.deps);
    h.peers.add(peer("a"));
    await h.through("a");
    await expect.poll(() => h.peers.playing).toEqual(["a"]);
    expect(h.log.filter((l) => l.startsWith("consume"))).toEqual(["consume a"]);
  });

  it("consumerClosed stops playing and closes the consumer; a queued one is just dropped", async () => {
    const h = harness();
    h.peers.add(peer("queued"));
    h.peers.remove("queued");
    h.peers.start(h.deps);
    h.peers.add(peer("a"));
    await h.through("a");
    await expect.poll(() => h.peers.playing).toEqual(["a"]);
    h.peers.remove("a");
    expect(h.peers.playing).toEqual([]);
    expect(h.log).toEqual(["consume a", "resume a", "play track-a user-a", "stop track-a", "close a"]);
  });

  it("a peer closed while it is being consumed or resumed is never played", async () => {
    const h = harness();
    h.peers.start(h.deps);
    h.peers.add(peer("a"));
    h.peers.add(peer("b"));
    await expect.poll(() => h.log.length).toBe(2);
    h.peers.remove("a"); // during consume
    await h.release("consume a");
    await h.release("consume b");
    await expect.poll(() => h.log).toContain("resume b");
    h.peers.remove("b"); // during resume
    await h.release("resume b");
    await expect.poll(() => h.log).toContain("close a");
    expect(h.log.filter((l) => l.startsWith("play"))).toEqual([]);
    expect(h.log).toContain("close b");
    expect(h.peers.playing).toEqual([]);
  });

  it("a peer that fails to resume is dropped and reported; the others play", async () => {
    const h = harness();
    h.peers.start(h.deps);
    h.peers.add(peer("bad"));
    h.peers.add(peer("a"));
    await h.through("bad");
    await h.through("a");
    await expect.poll(() => h.peers.playing).toEqual(["a"]);
    expect(h.errors).toEqual(["bad: NOT_FOUND"]);
    expect(h.log).toContain("close bad");
  });

  it("close() stops every peer and refuses later ones", async () => {
    const h = harness();
    h.peers.start(h.deps);
    h.peers.add(peer("a"));
    await h.through("a");
    await expect.poll(() => h.peers.playing).toEqual(["a"]);
    h.peers.close();
    h.peers.add(peer("b"));
    expect(h.log.slice(-2)).toEqual(["stop track-a", "close a"]);
    expect(h.log).not.toContain("consume b");
  });
});
