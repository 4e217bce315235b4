/**
 * Local call-progress tones with WebAudio (no audio files to ship): ringback while an outbound
 * call rings (ITU-T E.180: 425 Hz, 1 s on / 4 s off) and a softer ring for an incoming call.
 * Browsers keep a new AudioContext "suspended" until a user gesture (autoplay policy); the first
 * click anywhere resumes it, and until then the tone is silently skipped — the card still shows.
 */
export interface TonePattern {
  freqs: number[];
  onMs: number;
  offMs: number;
  gain?: number;
}

export const RINGBACK: TonePattern = { freqs: [425], onMs: 1000, offMs: 4000, gain: 0.08 };
export const INCOMING_RING: TonePattern = { freqs: [480, 620], onMs: 400, offMs: 2000, gain: 0.05 };

export function playTonePattern(p: TonePattern): () => void {
  if (typeof window === "undefined" || typeof AudioContext === "undefined") return () => undefined;
  let ctx: AudioContext;
  try {
    ctx = new AudioContext();
  } catch {
    return () => undefined; // no audio output device: nothing to play on
  }
  const gain = ctx.createGain();
  gain.gain.value = 0;
  gain.connect(ctx.destination);
  const oscs = p.freqs.map((f) => {
    const o = ctx.createOscillator();
    o.frequency.value = f;
    o.connect(gain);
    o.start();
    return o;
  });
  void ctx.resume().catch(() => undefined);
  let on = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    on = !on;
    gain.gain.setTargetAtTime(on ? (p.gain ?? 0.06) : 0, ctx.currentTime, 0.01);
    timer = setTimeout(tick, on ? p.onMs : p.offMs);
  };
  tick();
  return () => {
    if (timer) clearTimeout(timer);
    for (const o of oscs) o.stop();
    void ctx.close().catch(() => undefined);
  };
}
