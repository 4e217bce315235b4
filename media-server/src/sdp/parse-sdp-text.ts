import { parse, type SessionDescription } from "sdp-transform";
import { SdpError } from "./sdp-error";

/** Every SDP line is `<letter>=<value>` (RFC 8866 §5). */
const LINE = /^[a-z]=/;

/**
 * Parse an SDP string into sdp-transform's object after checking it is a whole SDP.
 *
 * - Meta sends `session.sdp` as a JSON string with real CRLFs. A string that contains the literal
 *   characters `\r\n` was escaped twice somewhere (reference §8 pitfall 11) and is refused rather
 *   than "repaired", so the bug that produced it gets noticed.
 * - A string that does not end with a line break was cut short (a truncated webhook field, a
 *   length-limited log copy); its last line cannot be trusted.
 * - Bare LF line endings are tolerated on input (sdp-transform splits on either).
 */
export function parseSdpText(text: string): SessionDescription {
  if (typeof text !== "string" || text.trim() === "") throw new SdpError("malformed", "empty SDP");
  if (text.includes("\\r\\n") || (text.includes("\\n") && !text.includes("\n"))) {
    throw new SdpError("malformed", "line breaks are escaped (\\r\\n as text): the SDP was JSON-escaped twice");
  }
  if (!/\r?\n$/.test(text)) throw new SdpError("malformed", "truncated: the SDP does not end with a line break");
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  if (lines[0] !== "v=0") throw new SdpError("malformed", "the first line is not v=0");
  const bad = lines.find((l) => !LINE.test(l));
  if (bad !== undefined) throw new SdpError("malformed", `not an SDP line: ${JSON.stringify(bad.slice(0, 60))}`);
  for (const required of ["o=", "s=", "t="]) {
    if (!lines.some((l) => l.startsWith(required))) throw new SdpError("malformed", `missing ${required} line`);
  }
  let session: SessionDescription;
  try {
    session = parse(text);
  } catch (err) {
    throw new SdpError("malformed", `sdp-transform could not parse it: ${String(err)}`);
  }
  if (!session.origin || !Array.isArray(session.media)) throw new SdpError("malformed", "no origin or media sections");
  return session;
}
