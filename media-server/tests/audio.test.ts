import { describe, expect, it } from "vitest";
import { detectTone } from "../../lib/sandbox/meta-relay/goertzel";
import { toneFrames } from "../../lib/sandbox/meta-relay/relay-audio";
import { comfortNoiseFrames, HOLD_TONE_HZ, holdToneFrames } from "../src/audio/generated-audio";
import { decodeFrames, levelDbov, SAMPLE_RATE } from "../src/audio/opus-frames";
import { buildTelephoneEvent, DtmfDecoder, parseTelephoneEvent, telephoneEventPackets } from "../src/audio/telephone-event";
import { OpusMixer } from "../src/audio/mixer";
import { DtmfSender } from "../src/whatsapp/dtmf-sender";
import { OutboundRtpStream } from "../src/whatsapp/outbound-rtp-stream";
import { isRtcp } from "../src/whatsapp/sfu-bridge";

describe("RFC 4733 telephone-event", () => {
  it("round-trips a payload: event, end bit, volume, duration", () => {
    const p = buildTelephoneEvent("#", { end: true, duration: 800, volume: 10 });
    expect([...p]).toEqual([11, 0x80 | 10, 0x03, 0x20]);
    expect(parseTelephoneEvent(p)).toEqual({ event: 11, digit: "#", end: true, volume: 10, duration: 800 });
    expect(parseTelephoneEvent(Buffer.from([1, 2]))).toBeNull();
    expect(() => buildTelephoneEvent("x", { end: false, duration: 0 })).toThrow();
  });

  it("reports one digit per key press although the end packet comes three times", () => {
    const digits: string[] = [];
    const d = new DtmfDecoder((x) => digits.push(x));
    for (const [ts, digit] of [[1000, "5"], [9000, "*"]] as const) {
      for (let i = 1; i <= 4; i++) d.push(ts, buildTelephoneEvent(digit, { end: false, duration: i * 160 }));
      for (let i = 0; i < 3; i++) d.push(ts, buildTelephoneEvent(digit, { end: true, duration: 640 }));
    }
    expect(digits).toEqual(["5", "*"]);
  });

  it("still reports a press whose end packets were all lost, when the next press starts", () => {
    const digits: string[] = [];
    const d = new DtmfDecoder((x) => digits.push(x));
    d.push(100, buildTelephoneEvent("7", { end: false, duration: 160 }));
    d.push(100, buildTelephoneEvent("7", { end: false, duration: 320 }));
    d.push(5000, buildTelephoneEvent("8", { end: false, duration: 160 }));
    d.push(5000, buildTelephoneEvent("8", { end: true, duration: 320 }));
    expect(digits).toEqual(["7", "8"]);
  });
});

describe("RFC 4733 packetiser (agent keypad → WhatsApp)", () => {
  it("one key press: a growing duration every 20 ms, marker on the first, the end three times", () => {
    const packets = telephoneEventPackets("#", 100);
    expect(packets.map((p) => [...p.payload])).toEqual([
      [11, 10, 0x00, 0xa0], // duration 160 = 20 ms at 8000 Hz
      [11, 10, 0x01, 0x40],
      [11, 10, 0x01, 0xe0],
      [11, 10, 0x02, 0x80],
      [11, 10, 0x03, 0x20], // 800 = 100 ms
      [11, 0x80 | 10, 0x03, 0x20],
      [11, 0x80 | 10, 0x03, 0x20],
      [11, 0x80 | 10, 0x03, 0x20],
    ]);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false, false]);
    expect(packets.map((p) => p.end)).toEqual([false, false, false, false, false, true, true, true]);
    expect(telephoneEventPackets("a", 40).map((p) => p.payload[0])).toEqual([12, 12, 12, 12, 12]);
  });

  it("DTMF shares the Opus stream: consecutive seqs, one timestamp per event, audio resumes after the tone", () => {
    const s = new OutboundRtpStream();
    const opus = Buffer.from([0xf8, 1, 2]);
    const a1 = s.next("agent:1", 500, 9000, opus, 1000);
    const a2 = s.next("agent:1", 501, 9960, opus, 1020);
    const event = telephoneEventPackets("5", 60).map((p, i) => s.event(126, p.payload, i === 0, p.marker, 1040 + Math.min(i, 3) * 20));
    expect(event.map((p) => p.header.sequenceNumber)).toEqual(event.map((_, i) => (a2.header.sequenceNumber + 1 + i) & 0xffff));
    expect(new Set(event.map((p) => p.header.timestamp))).toEqual(new Set([(a2.header.timestamp + 960) >>> 0]));
    expect(event.map((p) => p.header.payloadType)).toEqual(Array(6).fill(126));
    expect(event.map((p) => p.header.marker)).toEqual([true, false, false, false, false, false]);
    expect(event.every((p) => p.header.extensions.length === 0)).toBe(true);
    // The agent's packets that arrived during the tone were held back; the next one continues the
    // sequence, marked, and its timestamp has moved past the 60 ms tone.
    const a3 = s.next("agent:1", 506, 9960 + 5 * 960, opus, 1120);
    expect(a3.header.sequenceNumber).toBe((event.at(-1)!.header.sequenceNumber + 1) & 0xffff);
    expect(a3.header.marker).toBe(true);
    expect(a3.header.payloadType).toBe(111);
    expect((a3.header.timestamp - event[0]!.header.timestamp) >>> 0).toBe(80 * 48);
    expect(a1.header.sequenceNumber + 1).toBe(a2.header.sequenceNumber);
    // Decoded on the far side as one digit.
    const digits: string[] = [];
    const d = new DtmfDecoder((x) => digits.push(x));
    for (const p of event) d.push(p.header.timestamp, p.payload);
    expect(digits).toEqual(["5"]);
  });

  it("DtmfSender plays queued requests one after the other and is `sending` only during tones", async () => {
    const written: { digit: number; start: boolean; end: boolean; sending: boolean }[] = [];
    const sender: DtmfSender = new DtmfSender((p, start) => written.push({ digit: p.payload[0]!, start, end: p.end, sending: sender.sending }));
    const first = sender.send("12", { toneMs: 40, gapMs: 20 });
    const second = sender.send("#", { toneMs: 40, gapMs: 20 });
    expect(sender.backlogMs).toBe(40 + 20 + 40 + 40);
    await Promise.all([first, second]);
    expect(written.filter((w) => w.start).map((w) => w.digit)).toEqual([1, 2, 11]);
    expect(written.map((w) => w.digit)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 11, 11, 11, 11, 11]);
    expect(written.filter((w) => w.end)).toHaveLength(9);
    expect(written.every((w) => w.sending)).toBe(true);
    expect(sender.sending).toBe(false);
    expect(sender.backlogMs).toBe(0);
    sender.close();
    await expect(sender.send("3")).rejects.toThrow(/closed/);
  });
});

describe("generated audio toward WhatsApp", () => {
  it("the hold tone decodes to HOLD_TONE_HZ; comfort noise is quiet and tone-free", () => {
    const hold = decodeFrames(holdToneFrames().slice(2, 40));
    expect(detectTone(hold, [440, 880, HOLD_TONE_HZ], SAMPLE_RATE).freq).toBe(HOLD_TONE_HZ);
    const noise = decodeFrames(comfortNoiseFrames());
    expect(levelDbov(noise)).toBeLessThan(-40);
    expect(levelDbov(noise)).toBeGreaterThan(-80);
    expect(detectTone(noise, [440, 880, HOLD_TONE_HZ], SAMPLE_RATE).freq).toBeNull();
  });

  it("Goertzel picks the relay's tone out of decoded Opus and not its neighbours", () => {
    const pcm = decodeFrames(toneFrames(440).slice(2, 30));
    const d = detectTone(pcm, [440, 620, 880], SAMPLE_RATE);
    expect(d.freq).toBe(440);
    expect(d.shares[880]).toBeLessThan(0.05);
  });
});

describe("OutboundRtpStream (one continuous stream to Meta whatever the source)", () => {
  it("continues seq and timestamp across a source switch, marks it, and strips header extensions", () => {
    const s = new OutboundRtpStream();
    const payload = Buffer.from([1, 2, 3]);
    const a1 = s.next("comfort", 10, 5000, payload, 1000);
    const a2 = s.next("comfort", 11, 5960, payload, 1020);
    expect(a2.header.sequenceNumber).toBe((a1.header.sequenceNumber + 1) & 0xffff);
    expect(a2.header.timestamp).toBe((a1.header.timestamp + 960) >>> 0);
    expect(a2.header.marker).toBe(false);
    // The agent's consumer starts with its own random seq/timestamps, 100 ms later.
    const b1 = s.next("agent:1", 40000, 123456789, payload, 1120);
    expect(b1.header.sequenceNumber).toBe((a2.header.sequenceNumber + 1) & 0xffff);
    expect(b1.header.timestamp).toBe((a2.header.timestamp + 100 * 48) >>> 0);
    expect(b1.header.marker).toBe(true);
    expect(b1.header.payloadType).toBe(111);
    expect(b1.header.extensions).toEqual([]);
    const b2 = s.next("agent:1", 40002, 123456789 + 1920, payload, 1160); // one packet lost upstream
    expect(b2.header.sequenceNumber).toBe((b1.header.sequenceNumber + 2) & 0xffff);
    expect(b2.header.timestamp).toBe((b1.header.timestamp + 1920) >>> 0);
  });

  it("tells RTCP from RTP on the rtcp-mux loopback socket (RFC 5761 §4)", () => {
    expect(isRtcp(Buffer.from([0x80, 200, 0, 6]))).toBe(true); // SR
    expect(isRtcp(Buffer.from([0x81, 201, 0, 7]))).toBe(true); // RR
    expect(isRtcp(Buffer.from([0x80, 111, 0, 1]))).toBe(false); // Opus PT 111
    expect(isRtcp(Buffer.from([0x80, 0x80 | 111, 0, 1]))).toBe(false); // marker set
  });
});

describe("OpusMixer (a conference toward the customer)", () => {
  it("sums the next frame of every live input into one stream that carries both tones", () => {
    const mixer = new OpusMixer();
    const a = toneFrames(880, 6000);
    const b = toneFrames(660, 6000);
    const out: Buffer[] = [];
    for (let i = 0; i < 50; i++) {
      mixer.touch(1, i * 20);
      mixer.touch(2, i * 20);
      mixer.push(1, a[i % a.length]);
      mixer.push(2, b[i % b.length]);
      out.push(mixer.mixFrame()!);
    }
    expect(mixer.active(49 * 20, 120)).toBe(2);
    const d = detectTone(decodeFrames(out.slice(5)), [440, 660, 880], SAMPLE_RATE);
    expect(d.shares[880]).toBeGreaterThan(0.3);
    expect(d.shares[660]).toBeGreaterThan(0.3);
    expect(d.shares[440]).toBeLessThan(0.02);
    // Nothing queued → no frame (the leg falls back to comfort noise); a silent input goes stale.
    expect(mixer.mixFrame()).toBeNull();
    mixer.touch(1, 2000);
    expect(mixer.active(2000, 120)).toBe(1);
    mixer.close();
  });

  it("keeps at most three frames per input, survives a corrupt packet and ignores an input never touched", () => {
    const mixer = new OpusMixer();
    const a = toneFrames(880);
    mixer.touch(7, 0);
    for (let i = 0; i < 10; i++) mixer.push(7, a[i]);
    mixer.push(7, Buffer.from([0xff, 0xff, 0xff]));
    expect([mixer.mixFrame(), mixer.mixFrame(), mixer.mixFrame(), mixer.mixFrame()].filter(Boolean)).toHaveLength(3);
    mixer.push(99, a[0]); // never touched: ignored
    expect(mixer.mixFrame()).toBeNull();
    mixer.push(7, a[0]);
    mixer.flush(); // mixing stopped: nothing stale is left for when it starts again
    expect(mixer.mixFrame()).toBeNull();
    mixer.close();
  });
});
