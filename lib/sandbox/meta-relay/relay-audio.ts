import fs from "node:fs";
import { onFrameTick } from "../../../media-server/src/audio/frame-clock";
import { decodeFrames, encodeFrames, FRAME_SAMPLES, SAMPLE_RATE } from "../../../media-server/src/audio/opus-frames";

/**
 * The relay's audio: 48 kHz mono, 20 ms Opus frames (what WhatsApp sends), encoded once and looped,
 * so a load test with hundreds of relays spends no CPU on encoding.
 */
export const RATE = SAMPLE_RATE;
export const FRAME = FRAME_SAMPLES;
/** Decodes Opus packets (a fresh decoder each time: analysis is occasional, not per packet). */
export { decodeFrames as decodeOpus };

const toneCache = new Map<number, Buffer[]>();
const encode = (pcm: Int16Array) => encodeFrames(pcm, 24_000);

/** A 1-second loop of a sine at an integer frequency (a whole number of cycles: seamless). */
export function toneFrames(freq: number, amplitude = 8000): Buffer[] {
  const key = Math.round(freq) * 100_000 + amplitude;
  let frames = toneCache.get(key);
  if (!frames) {
    const pcm = new Int16Array(RATE);
    for (let i = 0; i < RATE; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * Math.round(freq) * i) / RATE) * amplitude);
    frames = encode(pcm);
    toneCache.set(key, frames);
  }
  return frames;
}

/** A RIFF/WAVE PCM 16-bit file as 48 kHz mono frames (other rates are resampled linearly). */
export function wavFrames(file: string): Buffer[] {
  const pcm = readWavMono48k(fs.readFileSync(file));
  return encode(pcm);
}

export function readWavMono48k(buf: Buffer): Int16Array {
  if (buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") throw new Error("not a RIFF/WAVE file");
  let off = 12;
  let channels = 0;
  let rate = 0;
  let bits = 0;
  let data: Buffer | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = buf.subarray(off + 8, off + 8 + size);
    if (id === "fmt ") {
      if (body.readUInt16LE(0) !== 1) throw new Error("only PCM WAV files are supported");
      channels = body.readUInt16LE(2);
      rate = body.readUInt32LE(4);
      bits = body.readUInt16LE(14);
    } else if (id === "data") {
      data = body;
    }
    off += 8 + size + (size & 1);
  }
  if (!data || bits !== 16 || channels < 1) throw new Error("need a 16-bit PCM WAV with a data chunk");
  const frames = Math.floor(data.length / (2 * channels));
  const mono = new Float64Array(frames);
  for (let i = 0; i < frames; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += data.readInt16LE((i * channels + c) * 2);
    mono[i] = s / channels;
  }
  const outLen = Math.floor((frames * RATE) / rate);
  const out = new Int16Array(outLen - (outLen % FRAME));
  for (let i = 0; i < out.length; i++) {
    const pos = (i * rate) / RATE;
    const a = Math.floor(pos);
    const b = Math.min(frames - 1, a + 1);
    out[i] = Math.round(mono[a] + (mono[b] - mono[a]) * (pos - a));
  }
  return out;
}

/** Writes mono 16-bit PCM as a WAV file (tests generate their fixtures with it). */
export function writeWav(file: string, pcm: Int16Array, rate = RATE): void {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + data.length, 4);
  h.write("WAVE", 8, "ascii");
  h.write("fmt ", 12, "ascii");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii");
  h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
}


/** Subscribes a 20 ms tick; returns the unsubscribe. */
export type FrameClock = (onTick: (now: number) => void) => () => void;

/**
 * One 20 ms timer for every relay in the process (a load test runs hundreds) instead of one each —
 * the media-server's own frame clock; pass it as `MetaRelayOptions.frameClock`. Ticks carry the
 * time, so each relay still catches up on the frames a late event loop made it miss.
 */
export const sharedFrameClock: FrameClock = onFrameTick;
