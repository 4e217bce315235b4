import type { SessionDescription } from "sdp-transform";
import { parseSdpText } from "./parse-sdp-text";
import { pickAudioSection } from "./read-whatsapp-sdp";
import { SdpError } from "./sdp-error";
import { cloneSession, dropTrickle, keepPayloadTypes, requireLocalSecurity, setSetup, writeChecked } from "./shape-common";

/** Header extensions Meta itself uses in its answers (reference §6.9 b); anything else is dropped. */
const META_HEADER_EXTENSIONS = new Set([
  "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
  "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
  "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
]);

/**
 * Normalise the gateway's offer for a business-initiated call (Graph `connect`).
 *
 * - `a=setup:actpass`: Meta's answer takes `active` (it becomes the DTLS client), so our offer must
 *   allow passive (reference §6.8). The docs' cURL sample that sends `active` in a connect is wrong.
 * - No `a=ice-lite`, no trickle: one SDP, sent after gathering.
 * - One audio section, `sendrecv`, `rtcp-mux`.
 * - Codecs: Opus 48000/2 and `telephone-event/8000` only. WhatsApp clients do Opus only; RED,
 *   G.722 and G.711 from browser offers are dropped, as is `telephone-event/48000`, which Meta does
 *   not support.
 * - Header extensions limited to the ones Meta answers with; no `a=extmap-allow-mixed`.
 */
export function toOfferShape(offerSdp: string): string {
  const session: SessionDescription = cloneSession(parseSdpText(offerSdp));
  const media = pickAudioSection(session);
  requireLocalSecurity(session, media, "the offer");

  delete session.icelite;
  dropTrickle(session);
  dropTrickle(media);
  setSetup(session, media, "actpass");

  const opus = media.rtp.find((r) => r.codec.toLowerCase() === "opus" && r.rate === 48000);
  if (!opus) throw new SdpError("no_opus", "the offer has no opus/48000/2");
  const dtmf = media.rtp.find((r) => r.codec.toLowerCase() === "telephone-event" && r.rate === 8000);
  keepPayloadTypes(media, dtmf ? [opus.payload, dtmf.payload] : [opus.payload]);

  if (media.ext) {
    media.ext = media.ext.filter((e) => META_HEADER_EXTENSIONS.has(e.uri));
    if (media.ext.length === 0) delete media.ext;
  }
  delete session.extmapAllowMixed;
  delete media.extmapAllowMixed;

  delete session.direction;
  media.direction = "sendrecv";
  media.rtcpMux = "rtcp-mux";
  if (media.mid !== undefined) {
    const mid = String(media.mid);
    session.groups = [...(session.groups ?? []).filter((g) => g.type !== "BUNDLE"), { type: "BUNDLE", mids: mid }];
  }

  return writeChecked(session, "the offer");
}
