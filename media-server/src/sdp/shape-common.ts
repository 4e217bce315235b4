import { write, type MediaDescription, type SessionDescription } from "sdp-transform";
import { findInvalidLines } from "./invalid-lines";
import { SdpError } from "./sdp-error";

/**
 * Helpers shared by `toAnswerShape` and `toOfferShape`: edits on sdp-transform objects that apply
 * to every SDP we send to Meta.
 */

/** Drop `trickle` from `a=ice-options` (and the line when nothing is left): Meta does not trickle;
 * our SDP is sent once, after gathering completed (reference §6.8, media-bridge §2.3). */
export function dropTrickle(target: { iceOptions?: string }): void {
  if (target.iceOptions === undefined) return;
  const rest = target.iceOptions.split(/\s+/).filter((o) => o !== "" && o !== "trickle");
  if (rest.length === 0) delete target.iceOptions;
  else target.iceOptions = rest.join(" ");
}

/** Keep only the given payload types, in the given order, in rtpmap / fmtp / rtcp-fb and the m-line. */
export function keepPayloadTypes(media: MediaDescription, payloadTypes: number[]): void {
  const keep = new Set(payloadTypes);
  media.rtp = payloadTypes.map((pt) => media.rtp.find((r) => r.payload === pt)).filter((r) => r !== undefined);
  media.fmtp = media.fmtp.filter((f) => keep.has(f.payload));
  if (media.rtcpFb) {
    media.rtcpFb = media.rtcpFb.filter((f) => f.payload === "*" || keep.has(Number(f.payload)));
    if (media.rtcpFb.length === 0) delete media.rtcpFb;
  }
  media.payloads = payloadTypes.join(" ");
}

/** Our ICE credentials and fingerprint must be present in what we send; Meta refuses SDP without a fingerprint. */
export function requireLocalSecurity(session: SessionDescription, media: MediaDescription, what: string): void {
  if (!(media.iceUfrag ?? session.iceUfrag) || !(media.icePwd ?? session.icePwd)) {
    throw new SdpError("missing_ice_credentials", `${what} has no a=ice-ufrag / a=ice-pwd`);
  }
  if (!(media.fingerprint ?? session.fingerprint)) throw new SdpError("missing_fingerprint", `${what} has no a=fingerprint`);
}

/** Put `a=setup` on the media section only (session-level setup would apply to every section). */
export function setSetup(session: SessionDescription, media: MediaDescription, value: "active" | "passive" | "actpass"): void {
  delete session.setup;
  media.setup = value;
}

/** Serialise, refusing to send lines sdp-transform did not understand (they would be written verbatim). */
export function writeChecked(session: SessionDescription, what: string): string {
  const invalid = findInvalidLines(session);
  if (invalid.length > 0) throw new SdpError("malformed", `${what} has lines sdp-transform does not understand: ${invalid.join(" | ")}`);
  return write(session);
}

export function cloneSession(session: SessionDescription): SessionDescription {
  return structuredClone(session);
}
