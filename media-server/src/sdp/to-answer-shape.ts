import type { SessionDescription } from "sdp-transform";
import { parseSdpText } from "./parse-sdp-text";
import { pickAudioSection, readWhatsAppSdp, type WhatsAppSdpInfo } from "./read-whatsapp-sdp";
import { SdpError } from "./sdp-error";
import { cloneSession, dropTrickle, keepPayloadTypes, requireLocalSecurity, setSetup, writeChecked } from "./shape-common";

/**
 * Normalise the gateway's SDP answer (werift's `localDescription`) into what we send to Meta in
 * `pre_accept` / `accept` (the same string both times — Meta refuses an accept SDP that differs).
 *
 * - `a=setup:active`: Meta's offer says `actpass`; we are the DTLS client (reference §6.8;
 *   media-bridge §2.3 — `passive` is reported failing). A `passive` offer also gets `active`;
 *   an `active` offer gets `passive`.
 * - Never `a=ice-lite`: we must be the full-ICE, controlling agent toward Meta's ICE-lite relay.
 * - No `a=ice-options:trickle`: the answer is sent once, with every candidate in it.
 * - `a=mid` and `a=group:BUNDLE` mirror the offer (`audio` for Meta's offers).
 * - Only the offer's Opus PT and its `telephone-event/8000` PT (111 and 126 in every Meta SDP).
 * - Header extensions only when the offer had the same URI, with the offer's id; and
 *   `a=extmap-allow-mixed` only when the offer allowed it (RFC 8285 §6; werift adds it anyway).
 * - `a=sendrecv` when the offer is sendrecv: a recvonly answer gives one-way audio (reference §8
 *   pitfall 10) and the gateway always attaches a track.
 * - `a=rtcp-mux` kept/added when offered: Meta multiplexes RTCP.
 */
export function toAnswerShape(answerSdp: string, offer: WhatsAppSdpInfo | string): string {
  const offerInfo = typeof offer === "string" ? readWhatsAppSdp(offer, { kind: "offer" }) : offer;
  const session: SessionDescription = cloneSession(parseSdpText(answerSdp));
  const media = pickAudioSection(session);
  requireLocalSecurity(session, media, "the answer");

  delete session.icelite;
  dropTrickle(session);
  dropTrickle(media);

  const answerSetup = offerInfo.setup === "active" ? "passive" : "active";
  setSetup(session, media, answerSetup);

  if (offerInfo.mid !== null) media.mid = offerInfo.mid;
  session.groups = (session.groups ?? []).filter((g) => g.type !== "BUNDLE");
  if (offerInfo.bundle && offerInfo.mid !== null) session.groups.push({ type: "BUNDLE", mids: offerInfo.mid });
  if (session.groups.length === 0) delete session.groups;

  const answerPts = new Set(media.rtp.map((r) => r.payload));
  if (!answerPts.has(offerInfo.opus.payloadType)) {
    throw new SdpError("no_opus", `the answer has no Opus on the offer's PT ${offerInfo.opus.payloadType}`);
  }
  const pts = [offerInfo.opus.payloadType];
  if (offerInfo.telephoneEvent && answerPts.has(offerInfo.telephoneEvent.payloadType)) pts.push(offerInfo.telephoneEvent.payloadType);
  keepPayloadTypes(media, pts);

  const offered = new Map(offerInfo.headerExtensions.map((e) => [e.uri, e.id]));
  if (media.ext) {
    media.ext = media.ext.filter((e) => offered.has(e.uri)).map((e) => ({ ...e, value: offered.get(e.uri)! }));
    if (media.ext.length === 0) delete media.ext;
  }
  if (offerInfo.session.extmapAllowMixed === undefined) {
    delete session.extmapAllowMixed;
    delete media.extmapAllowMixed;
  }

  if (offerInfo.direction === "sendrecv") {
    delete session.direction;
    media.direction = "sendrecv";
  }
  if (offerInfo.rtcpMux) media.rtcpMux = "rtcp-mux";

  return writeChecked(session, "the answer");
}
