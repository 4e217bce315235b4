import { describe, expect, it } from "vitest";
import { detectTone } from "../../lib/sandbox/meta-relay/goertzel";
import { toneFrames } from "../../lib/sandbox/meta-relay/relay-audio";
import { comfortNoiseFrames, HOLD_TONE_HZ, holdToneFrames } from "../src/audio/generated-audio";
import { decodeFrames, levelDbov, SAMPLE_RATE } from "../src/audio/opus-frames";
import { buildTelephoneEvent, DtmfDecoder, parseTelephoneEvent } from "../src/audio/telephone-event";
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
