import { readWhatsAppSdp, type WhatsAppSdpInfo } from "@/media-server/src/sdp/read-whatsapp-sdp";
import { SdpError } from "@/media-server/src/sdp/sdp-error";
import { sdpGraphError } from "../graph/call-errors";

/**
 * Check an SDP the business sends to "Meta" the way Meta does (reference §6.8, §9.1): one audio
 * m-line, Opus 48000/2, ICE credentials, a DTLS fingerprint ("No fingerprint found in SDP"
 * otherwise), and the DTLS role that fits the direction — answers to Meta's UIC offer must be
 * `setup:active`, offers for a BIC must be `setup:actpass`. Meta's side is ICE-lite, so the
 * business must be full ICE: an SDP advertising `a=ice-lite` is refused. Candidates are optional
 * (Meta accepts peer-reflexive checks, §6.8). Throws GraphError 100 with the reason in
 * `error_data.details`.
 */
export function validateBusinessSdp(sdp: unknown, kind: "offer" | "answer"): WhatsAppSdpInfo {
  if (typeof sdp !== "string" || sdp.length === 0) throw sdpGraphError("session.sdp is required.");
  let info: WhatsAppSdpInfo;
  try {
    info = readWhatsAppSdp(sdp, { kind, requireCandidates: false });
  } catch (err) {
    if (err instanceof SdpError) {
      if (err.reason === "missing_fingerprint") throw sdpGraphError("No fingerprint found in SDP");
      throw sdpGraphError(`Invalid SDP (${err.reason}): ${(err.details as { detail?: string } | undefined)?.detail ?? err.message}`);
    }
    throw err;
  }
  if (info.iceLite) throw sdpGraphError("Invalid SDP (ice_lite): the business side must be a full ICE agent in the controlling role; remove a=ice-lite.");
  if (kind === "answer" && info.setup !== "active") {
    throw sdpGraphError(`Invalid SDP (bad_dtls_setup): the answer must use a=setup:active (got ${info.setup}).`);
  }
  if (kind === "offer" && info.setup !== "actpass") {
    throw sdpGraphError(`Invalid SDP (bad_dtls_setup): the offer must use a=setup:actpass (got ${info.setup}).`);
  }
  if (info.direction === "inactive") throw sdpGraphError("Invalid SDP: the audio section is inactive.");
  return info;
}
