/**
 * RFC 4733 telephone-event payloads (DTMF). WhatsApp sends DTMF in-band on PT 126 with an 8000 Hz
 * clock, sharing the audio stream's SSRC and sequence numbers; there is no webhook for it (reference
 * §6.8). mediasoup 3.8.4 drops telephone-event on consumers (media-bridge §9 fact 10), so the
 * gateway decodes it before anything reaches mediasoup.
 *
 *   0                   1                   2                   3
 *   |     event     |E|R| volume    |          duration             |
 *
 * One key press = several packets with the same RTP timestamp and a growing duration; the last one
 * has E set and is usually sent three times.
 */
export const DTMF_DIGITS = "0123456789*#ABCD";

export interface TelephoneEvent {
  /** 0–15 for DTMF; other events (fax tones …) are > 15. */
  event: number;
  digit: string | null;
  end: boolean;
  volume: number;
  duration: number;
}

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const event = payload[0];
  return {
    event,
    digit: event < DTMF_DIGITS.length ? DTMF_DIGITS[event] : null,
    end: (payload[1] & 0x80) !== 0,
    volume: payload[1] & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

export function buildTelephoneEvent(digit: string, options: { end: boolean; duration: number; volume?: number }): Buffer {
  const event = DTMF_DIGITS.indexOf(digit.toUpperCase());
  if (event < 0 || digit.length !== 1) throw new Error(`not a DTMF digit: ${JSON.stringify(digit)}`);
  const b = Buffer.alloc(4);
  b[0] = event;
  b[1] = (options.end ? 0x80 : 0) | ((options.volume ?? 10) & 0x3f);
  b.writeUInt16BE(Math.min(0xffff, options.duration), 2);
  return b;
}

/**
 * Turns the packet stream into key presses: one digit per RTP timestamp, reported on the first
 * packet with E set. A press whose end packets were all lost is reported when the next press (a new
 * timestamp) starts, so a lossy network delays a digit but never drops or doubles it.
 */
export class DtmfDecoder {
  private current: { timestamp: number; digit: string; reported: boolean } | null = null;

  constructor(private readonly onDigit: (digit: string) => void) {}

  push(timestamp: number, payload: Buffer): void {
    const ev = parseTelephoneEvent(payload);
    if (!ev || ev.digit === null) return;
    if (!this.current || this.current.timestamp !== timestamp) {
      if (this.current && !this.current.reported) this.onDigit(this.current.digit);
      this.current = { timestamp, digit: ev.digit, reported: false };
    }
    if (ev.end && !this.current.reported) {
      this.current.reported = true;
      this.onDigit(ev.digit);
    }
  }
}

/** telephone-event's RTP clock in every Meta SDP (`telephone-event/8000`, reference §6.9). */
export const TELEPHONE_EVENT_CLOCK_RATE = 8000;
/** One update per 20 ms, the audio packet interval (RFC 4733 §2.5.1.2 suggests the audio's). */
export const TELEPHONE_EVENT_PACKET_MS = 20;
/** The final packet of an event goes out three times (RFC 4733 §2.5.1.4), as lost ends are common. */
export const TELEPHONE_EVENT_END_REPEATS = 3;
/** Digits the control API accepts: the 16 DTMF events, at most 32 per request. */
export const DTMF_DIGITS_PATTERN = /^[0-9*#A-D]{1,32}$/;

export interface TelephoneEventPacket {
  payload: Buffer;
  /** RFC 4733 §2.5.1.1: the first packet of an event carries the marker bit. */
  marker: boolean;
  end: boolean;
}

/**
 * The packets of one key press (RFC 4733 §2.5): one every TELEPHONE_EVENT_PACKET_MS while the tone
 * lasts, each with the duration so far in 8000 Hz units, then the final duration with E set, three
 * times. The sender gives them all the event's start timestamp and consecutive sequence numbers.
 */
export function telephoneEventPackets(digit: string, toneMs: number, volume = 10): TelephoneEventPacket[] {
  const steps = Math.max(1, Math.round(toneMs / TELEPHONE_EVENT_PACKET_MS));
  const perPacket = (TELEPHONE_EVENT_CLOCK_RATE * TELEPHONE_EVENT_PACKET_MS) / 1000;
  const packets: TelephoneEventPacket[] = [];
  for (let i = 1; i <= steps; i++) {
    packets.push({ payload: buildTelephoneEvent(digit, { end: false, duration: i * perPacket, volume }), marker: i === 1, end: false });
  }
  for (let i = 0; i < TELEPHONE_EVENT_END_REPEATS; i++) {
    packets.push({ payload: buildTelephoneEvent(digit, { end: true, duration: steps * perPacket, volume }), marker: false, end: true });
  }
  return packets;
}
