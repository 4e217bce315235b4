import { parseParams, type MediaDescription, type SessionDescription } from "sdp-transform";
import { parseSdpText } from "./parse-sdp-text";
import { SdpError } from "./sdp-error";

/** `a=setup` value → the DTLS role the *remote* takes, in mediasoup's words (mediasoup-client's
 * `extractDtlsParameters` uses the same mapping). */
export type DtlsRole = "auto" | "client" | "server";

export interface SdpCandidate {
  foundation: string;
  component: number;
  protocol: "udp";
  priority: number;
  ip: string;
  port: number;
  type: string;
}

/** What the gateway (werift) and mediasoup need from a WhatsApp SDP, plus the parsed object. */
export interface WhatsAppSdpInfo {
  session: SessionDescription;
  /** `a=mid` of the one audio section: "audio" in Meta's user-initiated offers, the business
   * offer's mid ("0") in Meta's answers to business-initiated calls. */
  mid: string | null;
  /** The audio mid is in an `a=group:BUNDLE`. */
  bundle: boolean;
  /** `a=ice-lite`: always true for Meta, which is why our side must be full ICE and controlling. */
  iceLite: boolean;
  ice: { usernameFragment: string; password: string };
  fingerprint: { algorithm: string; value: string };
  setup: "actpass" | "active" | "passive";
  dtlsRole: DtlsRole;
  /** UDP candidates for component 1 (Meta sends one IPv4 and one IPv6 host candidate). */
  candidates: SdpCandidate[];
  /** Address of `c=` and the port of `m=audio` (Meta's relay; useful to pick a region). */
  address: { ip: string | null; port: number };
  opus: {
    payloadType: number;
    clockRate: 48000;
    channels: 2;
    /** `a=fmtp` for Opus as a parameter map (numbers where numeric), e.g. Meta's
     * `{ maxaveragebitrate: 20000, maxplaybackrate: 16000, minptime: 20, "sprop-maxcapturerate": 16000, useinbandfec: 1 }`. */
    parameters: Record<string, string | number>;
    /** The raw fmtp string, for writing it back unchanged. */
    fmtp: string | null;
    rtcpFeedback: { type: string; parameter: string }[];
  };
  /** RFC 4733 DTMF. Only the 8000 Hz clock counts: Meta does not support 48000 (reference §6.8) even
   * where its answer echoes a `telephone-event/48000` PT from a browser offer. */
  telephoneEvent: { payloadType: number; clockRate: 8000 } | null;
  /** First `a=ssrc` with a cname: Meta's sending SSRC and `WhatsAppAudioStream1`. */
  ssrc: number | null;
  cname: string | null;
  direction: "sendrecv" | "sendonly" | "recvonly" | "inactive";
  rtcpMux: boolean;
  rtcpReducedSize: boolean;
  ptime: number | null;
  maxptime: number | null;
  headerExtensions: { id: number; uri: string }[];
}

export interface ReadWhatsAppSdpOptions {
  /** "offer": Meta's offer for a user-initiated call. "answer": Meta's answer to our
   * business-initiated offer (its `a=setup` must then be active or passive). */
  kind: "offer" | "answer";
  /** Require at least one UDP candidate (default true: Meta is ICE-lite, so we must dial it). */
  requireCandidates?: boolean;
}

const FINGERPRINT_BYTES: Record<string, number> = { "sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64 };

/**
 * Validate a WhatsApp SDP and extract what the gateway and mediasoup need. Throws `SdpError`
 * with a typed reason. Checks, in order: well-formed; no video; exactly one audio section;
 * Opus present; ICE credentials; fingerprint; DTLS setup; candidates.
 */
export function readWhatsAppSdp(text: string, options: ReadWhatsAppSdpOptions): WhatsAppSdpInfo {
  const session = parseSdpText(text);
  const audio = pickAudioSection(session);

  const opusRtp = audio.rtp.find((r) => r.codec.toLowerCase() === "opus" && r.rate === 48000);
  if (!opusRtp) throw new SdpError("no_opus", `audio payloads ${audio.payloads ?? ""} have no opus/48000/2`);
  const opusFmtp = audio.fmtp.find((f) => f.payload === opusRtp.payload)?.config ?? null;
  const dtmf = audio.rtp.find((r) => r.codec.toLowerCase() === "telephone-event" && r.rate === 8000);

  const usernameFragment = audio.iceUfrag ?? session.iceUfrag;
  const password = audio.icePwd ?? session.icePwd;
  if (!usernameFragment || !password) throw new SdpError("missing_ice_credentials", "no a=ice-ufrag / a=ice-pwd");

  const fp = audio.fingerprint ?? session.fingerprint;
  if (!fp) throw new SdpError("missing_fingerprint", "no a=fingerprint (DTLS-SRTP needs it)");
  const algorithm = fp.type.toLowerCase();
  const bytes = fp.hash.split(":");
  if (!bytes.every((b) => /^[0-9a-f]{2}$/i.test(b)) || (FINGERPRINT_BYTES[algorithm] !== undefined && bytes.length !== FINGERPRINT_BYTES[algorithm])) {
    throw new SdpError("missing_fingerprint", `a=fingerprint ${fp.type} value is not a valid ${fp.type} hash`);
  }

  const setup = readSetup(audio.setup ?? session.setup, options.kind);

  const candidates: SdpCandidate[] = (audio.candidates ?? [])
    .filter((c) => c.transport.toLowerCase() === "udp" && c.component === 1)
    .map((c) => ({
      // sdp-transform turns an all-digit foundation (Meta's are) into a number.
      foundation: String(c.foundation),
      component: c.component,
      protocol: "udp" as const,
      priority: Number(c.priority),
      ip: c.ip,
      port: c.port,
      type: c.type,
    }));
  if ((options.requireCandidates ?? true) && candidates.length === 0) {
    throw new SdpError("missing_candidates", "no UDP candidate for component 1; Meta's ICE-lite side cannot be reached");
  }

  const cnameLine = (audio.ssrcs ?? []).find((s) => s.attribute === "cname");
  // sdp-transform turns an all-digit `a=mid:0` and `a=group:BUNDLE 0` into numbers.
  const mid = audio.mid !== undefined ? String(audio.mid) : null;
  return {
    session,
    mid,
    bundle: mid !== null && (session.groups ?? []).some((g) => g.type === "BUNDLE" && String(g.mids).split(" ").includes(mid)),
    iceLite: session.icelite === "ice-lite",
    ice: { usernameFragment, password },
    fingerprint: { algorithm, value: fp.hash.toUpperCase() },
    setup,
    dtlsRole: setup === "actpass" ? "auto" : setup === "active" ? "client" : "server",
    candidates,
    address: { ip: audio.connection?.ip ?? session.connection?.ip ?? null, port: audio.port },
    opus: {
      payloadType: opusRtp.payload,
      clockRate: 48000,
      channels: 2,
      parameters: opusFmtp ? { ...parseParams(opusFmtp) } : {},
      fmtp: opusFmtp,
      rtcpFeedback: (audio.rtcpFb ?? [])
        .filter((f) => String(f.payload) === String(opusRtp.payload))
        .map((f) => ({ type: f.type, parameter: f.subtype ?? "" })),
    },
    telephoneEvent: dtmf ? { payloadType: dtmf.payload, clockRate: 8000 } : null,
    ssrc: cnameLine ? Number(cnameLine.id) : audio.ssrcs?.[0] ? Number(audio.ssrcs[0].id) : null,
    cname: cnameLine?.value ?? null,
    direction: audio.direction ?? session.direction ?? "sendrecv",
    rtcpMux: audio.rtcpMux === "rtcp-mux",
    rtcpReducedSize: audio.rtcpRsize === "rtcp-rsize",
    ptime: audio.ptime ?? null,
    maxptime: audio.maxptime ?? null,
    headerExtensions: (audio.ext ?? []).map((e) => ({ id: e.value, uri: e.uri })),
  };
}

/** The one `m=audio` section; refuses video, extra sections and a disabled (port 0) audio line. */
export function pickAudioSection(session: SessionDescription): MediaDescription {
  const video = session.media.find((m) => m.type === "video");
  if (video) throw new SdpError("video_offered", "an m=video section is present; WhatsApp business calls are voice only");
  const audio = session.media.filter((m) => m.type === "audio");
  if (audio.length === 0) throw new SdpError("no_audio", `no m=audio section (found: ${session.media.map((m) => m.type).join(", ") || "none"})`);
  if (audio.length > 1) throw new SdpError("multiple_audio", `${audio.length} m=audio sections; Meta allows one audio track`);
  const other = session.media.find((m) => m.type !== "audio");
  if (other) throw new SdpError("malformed", `unsupported m=${other.type} section next to the audio`);
  if (audio[0].port === 0) throw new SdpError("no_audio", "the m=audio section is disabled (port 0)");
  return audio[0];
}

function readSetup(value: string | undefined, kind: "offer" | "answer"): "actpass" | "active" | "passive" {
  // RFC 8842 defaults when a=setup is absent: an offer means actpass, an answer means active.
  const setup = value ?? (kind === "offer" ? "actpass" : "active");
  if (kind === "answer" && setup === "actpass") throw new SdpError("bad_dtls_setup", "an answer may not say a=setup:actpass");
  if (setup !== "actpass" && setup !== "active" && setup !== "passive") throw new SdpError("bad_dtls_setup", `a=setup:${setup} is not supported`);
  return setup;
}
