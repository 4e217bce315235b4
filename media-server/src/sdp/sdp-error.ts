import { AppError } from "../../../lib/core/app-error";

/**
 * Why an SDP from (or for) WhatsApp was refused. Closed list: the call engine logs it and rejects
 * the call with it (issue 4 §9).
 */
export const SdpRejectReason = {
  /** Not parseable as RFC 8866: empty, no `v=`/`o=`/`m=`, a line that is not `x=…`, truncated
   * (no final line break), or `\r\n` double-escaped into literal backslashes (reference §8 pitfall 11). */
  malformed: "malformed",
  /** No `m=audio` section at all. */
  no_audio: "no_audio",
  /** More than one `m=audio`: Meta allows one stream with one audio track (reference §6.8). */
  multiple_audio: "multiple_audio",
  /** A `m=video` (or any non-audio RTP) section: WhatsApp business calling is voice only. */
  video_offered: "video_offered",
  /** The audio section has no `opus/48000/2` — Meta supports only Opus (reference §6.8). */
  no_opus: "no_opus",
  /** No `a=ice-ufrag` / `a=ice-pwd`: a full-ICE agent cannot authenticate its checks. */
  missing_ice_credentials: "missing_ice_credentials",
  /** No usable UDP candidate: Meta's side is ICE-lite, so we must be able to reach a candidate. */
  missing_candidates: "missing_candidates",
  /** No (or an unusable) `a=fingerprint`; DTLS-SRTP needs it ("No fingerprint found in SDP"). */
  missing_fingerprint: "missing_fingerprint",
  /** `a=setup` does not allow a DTLS role for us (e.g. an answer that says `actpass`). */
  bad_dtls_setup: "bad_dtls_setup",
} as const;
export type SdpRejectReason = (typeof SdpRejectReason)[keyof typeof SdpRejectReason];

/** The typed rejection every function in `sdp/` throws; an AppError so socket acks and HTTP map it. */
export class SdpError extends AppError {
  readonly reason: SdpRejectReason;

  constructor(reason: SdpRejectReason, detail: string) {
    super("INVALID_INPUT", {
      message: `SDP rejected (${reason}): ${detail}`,
      userMessage: `The SDP was rejected: ${reason.replace(/_/g, " ")}.`,
      details: { reason, detail },
    });
    this.name = "SdpError";
    this.reason = reason;
  }
}
