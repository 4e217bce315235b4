import { setTimeout as delay } from "node:timers/promises";
import { TELEPHONE_EVENT_PACKET_MS, telephoneEventPackets, type TelephoneEventPacket } from "../audio/telephone-event";

export interface DtmfSendOptions {
  /** How long each tone lasts (ms). */
  toneMs?: number;
  /** Silence between two tones (ms); audio resumes meanwhile. */
  gapMs?: number;
}

export const DEFAULT_TONE_MS = 100;
export const DEFAULT_GAP_MS = 60;

/** Writes one packet of the current event; `start` is true for an event's first packet. */
export type WriteTelephoneEvent = (packet: TelephoneEventPacket, start: boolean) => void;

/**
 * Plays digits toward WhatsApp as RFC 4733 events, one digit after the other, paced in real time
 * (a packet every 20 ms while a tone lasts). Requests queue up: the digits of two requests never
 * interleave. `sending` is true while a tone is on, so the leg can hold back its audio frames then,
 * as WebRTC senders do (libwebrtc's RTPSenderAudio drops audio during an event); RFC 4733 §2.5.1.1
 * allows both.
 */
export class DtmfSender {
  private queue: Promise<void> = Promise.resolve();
  private tone = false;
  private closed = false;
  private queuedMs = 0;

  constructor(private readonly write: WriteTelephoneEvent) {}

  get sending(): boolean {
    return this.tone;
  }

  /** Milliseconds of tones and gaps queued but not played yet. */
  get backlogMs(): number {
    return this.queuedMs;
  }

  /** Queues the digits; resolves once the last end packet of these digits went out. */
  send(digits: string, options: DtmfSendOptions = {}): Promise<void> {
    const toneMs = options.toneMs ?? DEFAULT_TONE_MS;
    const gapMs = options.gapMs ?? DEFAULT_GAP_MS;
    const total = playMs(digits.length, toneMs, gapMs);
    this.queuedMs += total;
    const run = this.queue.then(async () => {
      try {
        await this.play(digits.toUpperCase(), toneMs, gapMs);
      } finally {
        this.queuedMs -= total;
      }
    });
    this.queue = run.catch(() => undefined); // the caller of send() sees the failure; the queue goes on
    return run;
  }

  /** Stops at the next packet; queued digits are dropped. */
  close(): void {
    this.closed = true;
    this.tone = false;
  }

  private async play(digits: string, toneMs: number, gapMs: number): Promise<void> {
    for (let i = 0; i < digits.length; i++) {
      if (i > 0) await delay(gapMs);
      const packets = telephoneEventPackets(digits[i]!, toneMs);
      this.tone = true;
      try {
        for (let p = 0; p < packets.length; p++) {
          if (this.closed) throw new Error("DTMF sender closed");
          this.write(packets[p]!, p === 0);
          // The next update follows a packet interval later; the repeated end packets go together.
          if (!packets[p]!.end) await delay(TELEPHONE_EVENT_PACKET_MS);
        }
      } finally {
        this.tone = false;
      }
    }
  }
}

/** How long `count` digits take to play. */
export function playMs(count: number, toneMs = DEFAULT_TONE_MS, gapMs = DEFAULT_GAP_MS): number {
  const tone = Math.max(1, Math.round(toneMs / TELEPHONE_EVENT_PACKET_MS)) * TELEPHONE_EVENT_PACKET_MS;
  return count * tone + Math.max(0, count - 1) * gapMs;
}
