import { randomUUID } from "node:crypto";
import { parse, write, type MediaAttributes, type SessionDescription } from "sdp-transform";

/**
 * Rewrites the relay's werift SDPs into the shape Meta's relay sends (reference whatsapp-cloud-api
 * §6.9 a/b, §9.4): `a=ice-lite`, one IPv4 host candidate, Opus PT 111 with Meta's 16 kHz fmtp, ptime
 * 20, telephone-event/8000 PT 126, `mid:audio` in offers, `WhatsAppTrack1` / `WhatsAppAudioStream1`.
 * werift keeps its own description internally; only the text handed to the business is Meta-shaped,
 * and the business's SDP is mapped back to werift's mid before werift applies it.
 */
export const META_OPUS_FMTP = "maxaveragebitrate=20000;maxplaybackrate=16000;minptime=20;sprop-maxcapturerate=16000;useinbandfec=1";
const META_CNAME = "WhatsAppAudioStream1";

interface Local {
  session: SessionDescription;
  media: SessionDescription["media"][number];
  ssrc: number;
}

function readLocal(sdp: string): Local {
  const session = parse(sdp);
  const media = session.media.find((m) => m.type === "audio");
  if (!media) throw new Error("werift produced no audio section");
  const ssrcLine = (media.ssrcs ?? []).find((s) => s.attribute === "cname") ?? media.ssrcs?.[0];
  if (!ssrcLine) throw new Error("werift produced no a=ssrc");
  return { session, media, ssrc: Number(ssrcLine.id) };
}

function candidatesOn(media: MediaAttributes, host: string) {
  const all = (media.candidates ?? []).filter((c) => c.transport.toLowerCase() === "udp" && c.component === 1);
  const chosen = all.filter((c) => c.ip === host);
  if (chosen.length === 0) throw new Error(`the relay gathered no candidate on ${host} (got ${all.map((c) => c.ip).join(", ") || "none"})`);
  return chosen.slice(0, 1).map((c) => ({ ...c, foundation: String(c.foundation), type: "host", generation: 0, "network-cost": 50 }));
}

function audioSection(l: Local, host: string, mid: string, setup: "actpass" | "active") {
  const [cand] = candidatesOn(l.media, host);
  const fp = l.media.fingerprint ?? l.session.fingerprint;
  if (!fp) throw new Error("werift produced no fingerprint");
  return {
    type: "audio",
    port: cand.port,
    protocol: "UDP/TLS/RTP/SAVPF",
    payloads: "111 126",
    connection: { version: 4, ip: host },
    rtcp: { port: 9, netType: "IN", ipVer: 4, address: "0.0.0.0" },
    candidates: [cand],
    iceUfrag: l.media.iceUfrag ?? l.session.iceUfrag,
    icePwd: l.media.icePwd ?? l.session.icePwd,
    fingerprint: { type: fp.type, hash: fp.hash },
    setup,
    mid,
    direction: "sendrecv" as const,
    msid: `${randomUUID()} WhatsAppTrack1`,
    rtcpMux: "rtcp-mux",
    rtp: [
      { payload: 111, codec: "opus", rate: 48000, encoding: 2 },
      { payload: 126, codec: "telephone-event", rate: 8000 },
    ],
    rtcpFb: [{ payload: 111, type: "transport-cc" }],
    fmtp: [{ payload: 111, config: META_OPUS_FMTP }],
    maxptime: 20,
    ptime: 20,
    ssrcs: [{ id: l.ssrc, attribute: "cname", value: META_CNAME }],
  };
}

function metaSession(media: ReturnType<typeof audioSection>): string {
  const session = {
    version: 0,
    origin: { username: "-", sessionId: Date.now(), sessionVersion: 2, netType: "IN", ipVer: 4, address: "127.0.0.1" },
    name: "-",
    timing: { start: 0, stop: 0 },
    groups: [{ type: "BUNDLE", mids: media.mid }],
    msidSemantic: { semantic: "WMS", token: randomUUID() },
    icelite: "ice-lite",
    media: [media],
  } as unknown as SessionDescription;
  return write(session);
}

/** Meta's offer for a user-initiated call, from werift's (ICE-lite) offer. */
export function toMetaOffer(localOffer: string, host: string): { sdp: string; localMid: string } {
  const l = readLocal(localOffer);
  return { sdp: metaSession(audioSection(l, host, "audio", "actpass")), localMid: String(l.media.mid ?? "0") };
}

/** Meta's answer to a business offer: `setup:active` (Meta is the DTLS client), the offer's mid. */
export function toMetaAnswer(localAnswer: string, host: string): string {
  const l = readLocal(localAnswer);
  return metaSession(audioSection(l, host, String(l.media.mid ?? "0"), "active"));
}

/** The business's answer with the mid werift used in its own offer (Meta's offer said `audio`). */
export function withLocalMid(remoteSdp: string, localMid: string): string {
  const session = parse(remoteSdp);
  for (const m of session.media) m.mid = localMid;
  session.groups = (session.groups ?? []).map((g) => (g.type === "BUNDLE" ? { ...g, mids: localMid } : g));
  return write(session);
}
