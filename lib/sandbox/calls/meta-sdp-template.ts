import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { WhatsAppSdpInfo } from "@/media-server/src/sdp/read-whatsapp-sdp";

/**
 * Meta-shaped SDPs for calls that carry no real media (no relay): the same lines, in the same
 * order, as Meta's real user-initiated offer (reference §6.9 a, tests/fixtures/sdp/meta-uic-offer-2025-10.sdp)
 * and its answer to a business offer (§6.9 b), with fresh random ICE credentials, fingerprint and
 * SSRC each time. CRLF line endings, as Meta sends them (§6.8).
 */
export interface TMetaSdpOptions {
  /** The relay's advertised IPv4 address (one host candidate per family, §6.8). */
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

const META_OPUS_FMTP = "maxaveragebitrate=20000;maxplaybackrate=16000;minptime=20;sprop-maxcapturerate=16000;useinbandfec=1";
// Ports seen on Meta's relays (§6.8).
const META_PORTS = [3478, 3480, 3482, 3484];

function fingerprint(): string {
  return [...randomBytes(32)].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

function ufrag(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let s = "";
  for (let i = 0; i < 16; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

function common(o: TMetaSdpOptions) {
  return {
    ipv4: o.ipv4 ?? "127.0.0.1",
    ipv6: o.ipv6 ?? "::1",
    port: o.port ?? META_PORTS[randomInt(META_PORTS.length)]!,
    sessionId: Date.now(),
    stream: randomUUID(),
    ufrag: ufrag(),
    pwd: randomBytes(16).toString("base64"), // 24 chars, like Meta's
    ssrc: randomInt(1, 2 ** 32 - 1),
    f1: randomInt(1, 2 ** 32 - 1),
    f2: randomInt(1, 2 ** 32 - 1),
  };
}

/** Meta's offer for a user-initiated call: ice-lite, setup:actpass, mid audio, Opus 111 + DTMF 126. */
export function metaUicOffer(options: TMetaSdpOptions = {}): string {
  const c = common(options);
  return [
    "v=0",
    `o=- ${c.sessionId} 2 IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    "a=group:BUNDLE audio",
    `a=msid-semantic: WMS ${c.stream}`,
    "a=ice-lite",
    `m=audio ${c.port} UDP/TLS/RTP/SAVPF 111 126`,
    `c=IN IP4 ${c.ipv4}`,
    "a=rtcp:9 IN IP4 0.0.0.0",
    `a=candidate:${c.f1} 1 udp 2122260223 ${c.ipv4} ${c.port} typ host generation 0 network-cost 50`,
    `a=candidate:${c.f2} 1 udp 2122262783 ${c.ipv6} ${c.port} typ host generation 0 network-cost 50`,
    `a=ice-ufrag:${c.ufrag}`,
    `a=ice-pwd:${c.pwd}`,
    `a=fingerprint:sha-256 ${fingerprint()}`,
    "a=setup:actpass",
    "a=mid:audio",
    "a=sendrecv",
    `a=msid:${c.stream} WhatsAppTrack1`,
    "a=rtcp-mux",
    "a=rtpmap:111 opus/48000/2",
    "a=rtcp-fb:111 transport-cc",
    `a=fmtp:111 ${META_OPUS_FMTP}`,
    "a=rtpmap:126 telephone-event/8000",
    "a=maxptime:20",
    "a=ptime:20",
    `a=ssrc:${c.ssrc} cname:WhatsAppAudioStream1`,
    "",
  ].join("\r\n");
}

/**
 * Meta's answer to a business offer (§6.9 b): ice-lite, setup:active (Meta is the DTLS client),
 * the offer's mid, Opus with the offer's payload type, and telephone-event/8000 when offered.
 */
export function metaBicAnswer(offer: WhatsAppSdpInfo, options: TMetaSdpOptions = {}): string {
  const c = common(options);
  const mid = offer.mid ?? "0";
  const opusPt = offer.opus.payloadType;
  const dtmfPt = offer.telephoneEvent?.payloadType;
  const payloads = dtmfPt !== undefined ? `${opusPt} ${dtmfPt}` : `${opusPt}`;
  return [
    "v=0",
    `o=- ${c.sessionId} 2 IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    `a=group:BUNDLE ${mid}`,
    `a=msid-semantic: WMS ${c.stream}`,
    "a=ice-lite",
    `m=audio ${c.port} UDP/TLS/RTP/SAVPF ${payloads}`,
    `c=IN IP4 ${c.ipv4}`,
    "a=rtcp:9 IN IP4 0.0.0.0",
    `a=candidate:${c.f1} 1 udp 2122260223 ${c.ipv4} ${c.port} typ host generation 0 network-cost 50`,
    `a=candidate:${c.f2} 1 udp 2122262783 ${c.ipv6} ${c.port} typ host generation 0 network-cost 50`,
    `a=ice-ufrag:${c.ufrag}`,
    `a=ice-pwd:${c.pwd}`,
    `a=fingerprint:sha-256 ${fingerprint()}`,
    "a=setup:active",
    `a=mid:${mid}`,
    "a=sendrecv",
    "a=rtcp-mux",
    `a=rtpmap:${opusPt} opus/48000/2`,
    `a=rtcp-fb:${opusPt} transport-cc`,
    `a=fmtp:${opusPt} minptime=10;useinbandfec=1`,
    ...(dtmfPt !== undefined ? [`a=rtpmap:${dtmfPt} telephone-event/8000`] : []),
    `a=ssrc:${c.ssrc} cname:WhatsAppAudioStream1`,
    `a=ssrc:${c.ssrc} label:audio#${c.ssrc}`,
    "",
  ].join("\r\n");
}
