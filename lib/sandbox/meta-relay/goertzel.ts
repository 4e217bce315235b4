/**
 * Goertzel tone detection: the share of a signal's energy at one frequency. For a pure sine at `freq`
 * the share is ≈ 1, for white noise ≈ 2/N, for another tone ≈ 0. Cheaper than an FFT when only a few
 * frequencies matter (the test tones, the hold tone).
 */
export function goertzelShare(samples: Int16Array | Float32Array, freq: number, sampleRate: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const w = (2 * Math.PI * freq) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[i];
    energy += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  if (energy === 0) return 0;
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2; // |X(f)|²
  return Math.min(1, (2 * power) / (n * energy));
}

export interface ToneDetection {
  /** The candidate with the largest energy share, when that share is at least `minShare`. */
  freq: number | null;
  share: number;
  shares: Record<number, number>;
  /** RMS level of the analysed audio, dBFS (silence: -Infinity). */
  levelDbfs: number;
  samples: number;
}

export function detectTone(samples: Int16Array, freqs: number[], sampleRate: number, minShare = 0.5): ToneDetection {
  const shares: Record<number, number> = {};
  let best: number | null = null;
  let bestShare = 0;
  for (const f of freqs) {
    const s = goertzelShare(samples, f, sampleRate);
    shares[f] = Math.round(s * 1000) / 1000;
    if (s > bestShare) {
      bestShare = s;
      best = f;
    }
  }
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  const rms = samples.length ? Math.sqrt(sum / samples.length) / 32768 : 0;
  return {
    freq: bestShare >= minShare ? best : null,
    share: Math.round(bestShare * 1000) / 1000,
    shares,
    levelDbfs: rms > 0 ? Math.round(20 * Math.log10(rms) * 10) / 10 : -Infinity,
    samples: samples.length,
  };
}
