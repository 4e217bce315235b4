import OpusScript from "opusscript";

/**
 * Opus through opusscript (libopus compiled to WASM; no native build, installs offline). The gateway
 * works at 48 kHz mono in 20 ms frames: WhatsApp signals `opus/48000/2` (RTP clock 48000, RFC 7587)
 * but sends mono voice, and a mono decoder downmixes stereo packets anyway.
 */
export const SAMPLE_RATE = 48_000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000; // 960, also the RTP timestamp step

export function createOpusEncoder(bitrate = 24_000): OpusScript {
  const enc = new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.VOIP);
  enc.setBitrate(bitrate);
  return enc;
}

export function createOpusDecoder(): OpusScript {
  return new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.VOIP);
}

/** Encodes mono PCM (any length, a multiple of 960 samples) into one Opus packet per 20 ms frame. */
export function encodeFrames(pcm: Int16Array, bitrate?: number): Buffer[] {
  const enc = createOpusEncoder(bitrate);
  try {
    const frames: Buffer[] = [];
    for (let off = 0; off + FRAME_SAMPLES <= pcm.length; off += FRAME_SAMPLES) {
      const chunk = pcm.subarray(off, off + FRAME_SAMPLES);
      // opusscript copies out of the buffer it is given; hand it the frame's own bytes.
      frames.push(Buffer.from(enc.encode(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), FRAME_SAMPLES)));
    }
    return frames;
  } finally {
    enc.delete();
  }
}

/** Decodes Opus packets to one mono PCM array (a corrupt packet becomes 20 ms of silence). */
export function decodeFrames(packets: Buffer[]): Int16Array {
  const dec = createOpusDecoder();
  try {
    const out = new Int16Array(packets.length * FRAME_SAMPLES * 3);
    let n = 0;
    for (const p of packets) {
      let pcm: Buffer;
      try {
        pcm = dec.decode(p);
      } catch {
        pcm = Buffer.alloc(FRAME_SAMPLES * 2);
      }
      const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1);
      if (n + samples.length > out.length) break;
      out.set(samples, n);
      n += samples.length;
    }
    return out.subarray(0, n);
  } finally {
    dec.delete();
  }
}

/** RMS level of PCM in dBov (0 = full-scale square wave; silence → -127, as RFC 6464 caps it). */
export function levelDbov(pcm: Int16Array): number {
  if (pcm.length === 0) return -127;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  const rms = Math.sqrt(sum / pcm.length) / 32768;
  return rms <= 0 ? -127 : Math.max(-127, Math.round(20 * Math.log10(rms) * 10) / 10);
}
