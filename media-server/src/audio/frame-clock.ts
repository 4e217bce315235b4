import { FRAME_MS } from "./opus-frames";

/**
 * One 20 ms ticker for the whole process instead of one timer per call: 200 calls would otherwise
 * be 10,000 timer callbacks a second. Legs subscribe while they need generated audio. Each tick
 * passes the current time, so a leg can send every frame that is due when the event loop was late
 * instead of letting the stream drift.
 */
type Tick = (now: number) => void;

const subscribers = new Set<Tick>();
let timer: NodeJS.Timeout | null = null;

export function onFrameTick(fn: Tick): () => void {
  subscribers.add(fn);
  if (!timer) {
    timer = setInterval(() => {
      const now = Date.now();
      for (const s of subscribers) s(now);
    }, FRAME_MS);
    timer.unref();
  }
  return () => {
    subscribers.delete(fn);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
