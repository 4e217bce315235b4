import { encodeFrames, FRAME_SAMPLES, SAMPLE_RATE } from "./opus-frames";

/**
 * What the gateway plays toward WhatsApp when no agent audio is flowing. Meta ends a call when the
 * business sends no media for 20 s at call start / 30 s mid-call (reference whatsapp-cloud-api §6.8,
 * error 138021), so a queued or held customer must always receive packets.
 *
 * Both sounds are 1-second loops encoded once per process (≈100 Opus encodes, a few ms), so a leg
 * only copies prepared packets: no per-call encoder, no per-call CPU for audio synthesis.
 */

/** The hold tone's frequency. A whole number of cycles per second makes the 1 s loop seamless. */
export const HOLD_TONE_HZ = 620;

let comfort: Buffer[] | null = null;
let hold: Buffer[] | null = null;

/** Low-level white noise (≈ -50 dBov): the line sounds alive, the customer hears near-silence. */
export function comfortNoiseFrames(): Buffer[] {
  if (!comfort) {
    const pcm = new Int16Array(SAMPLE_RATE);
    // Deterministic noise (LCG) so the loop is identical in every process and test.
    let s = 0x2545f491;
    for (let i = 0; i < pcm.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      pcm[i] = ((s / 0xffffffff) * 2 - 1) * 100;
    }
    comfort = encodeFrames(pcm, 12_000);
  }
  return comfort;
}

/** A steady soft tone at HOLD_TONE_HZ (≈ -18 dBFS peak) with a 100 ms gap each second. */
export function holdToneFrames(): Buffer[] {
  if (!hold) {
    const pcm = new Int16Array(SAMPLE_RATE);
    const gapFrom = SAMPLE_RATE - SAMPLE_RATE / 10;
    for (let i = 0; i < pcm.length; i++) {
      const fade = i < FRAME_SAMPLES ? i / FRAME_SAMPLES : i > gapFrom - FRAME_SAMPLES ? Math.max(0, (gapFrom - i) / FRAME_SAMPLES) : 1;
      pcm[i] = Math.round(Math.sin((2 * Math.PI * HOLD_TONE_HZ * i) / SAMPLE_RATE) * 4000 * fade);
    }
    hold = encodeFrames(pcm);
  }
  return hold;
}
