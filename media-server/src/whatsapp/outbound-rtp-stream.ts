import { RtpHeader, RtpPacket } from "werift";
import { FRAME_SAMPLES } from "../audio/opus-frames";
import { OPUS_PT } from "./whatsapp-peer";

/** The stream's "source" while DTMF events are sent (dtmf-sender.ts): audio after it is a switch. */
const EVENT_SOURCE = "telephone-event";

/**
 * The single RTP stream we send to WhatsApp, whatever feeds it: the agent's consumer, the hold tone
 * or comfort noise. Meta allows one track and no renegotiation (reference §6.8), so switching source
 * must look like one continuous stream: on every switch the next packet continues the sequence
 * numbers and advances the timestamp by the wall-clock time since the last packet. Within one source
 * its own seq/timestamp deltas are kept (gaps stay gaps).
 *
 * Header extensions are dropped: a mediasoup consumer on a PlainTransport sends mid / audio-level
 * extensions even when none were negotiated, and werift merges a packet's extensions into what it
 * sends (media-bridge §9 facts 3 and 4). werift then rewrites the SSRC to its sender's.
 */
export class OutboundRtpStream {
  private source: string | null = null;
  private seq = (Math.random() * 0xffff) | 0;
  private ts = (Math.random() * 0xffffffff) >>> 0;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSentAt = 0;
  packets = 0;
  bytes = 0;

  /** The packet to send, re-stamped into our continuous stream. */
  next(source: string, srcSeq: number, srcTs: number, payload: Buffer, now = Date.now()): RtpPacket {
    let marker = false;
    if (source !== this.source) {
      const started = this.source !== null;
      const nextSeq = started ? (this.seq + 1) & 0xffff : this.seq;
      const elapsed = started ? Math.max(FRAME_SAMPLES, Math.round((now - this.lastSentAt) * 48)) : 0;
      const nextTs = (this.ts + elapsed) >>> 0;
      this.seqOffset = (nextSeq - srcSeq) & 0xffff;
      this.tsOffset = (nextTs - srcTs) >>> 0;
      this.source = source;
      marker = true; // RFC 3551: first packet after a talkspurt / source change
    }
    this.seq = (srcSeq + this.seqOffset) & 0xffff;
    this.ts = (srcTs + this.tsOffset) >>> 0;
    this.lastSentAt = now;
    this.packets++;
    this.bytes += payload.length;
    const header = new RtpHeader({ payloadType: OPUS_PT, sequenceNumber: this.seq, timestamp: this.ts, marker, ssrc: 0 });
    header.extension = false;
    header.extensions = [];
    return new RtpPacket(header, payload);
  }

  /**
   * An RFC 4733 telephone-event packet (DTMF) in the same stream: next sequence number, and the
   * event's start timestamp on every packet of one event (§2.5.1.1); `start` opens a new event, placed
   * like a source switch. The next audio packet is a switch too, so it continues the sequence and its
   * timestamp moves on by the wall-clock time since the event began (the tone's length). Meta takes
   * one stream per call (reference §6.8), so DTMF cannot have its own SSRC.
   */
  event(payloadType: number, payload: Buffer, start: boolean, marker: boolean, now = Date.now()): RtpPacket {
    const started = this.source !== null;
    if (start || this.source !== EVENT_SOURCE) {
      const elapsed = started ? Math.max(FRAME_SAMPLES, Math.round((now - this.lastSentAt) * 48)) : 0;
      this.ts = (this.ts + elapsed) >>> 0;
      this.lastSentAt = now; // kept for the whole event: the audio after it is placed from its start
      this.source = EVENT_SOURCE;
    }
    if (started) this.seq = (this.seq + 1) & 0xffff;
    this.packets++;
    this.bytes += payload.length;
    const header = new RtpHeader({ payloadType, sequenceNumber: this.seq, timestamp: this.ts, marker, ssrc: 0 });
    header.extension = false;
    header.extensions = [];
    return new RtpPacket(header, payload);
  }

  get currentSource(): string | null {
    return this.source;
  }
}
