import type { SessionDescription } from "sdp-transform";

/**
 * sdp-transform keeps every line its grammar does not know under `invalid` and writes it back
 * verbatim. Anything we send to Meta must be made only of lines sdp-transform understood, so we
 * know what we are sending; this lists the offenders (session and media level).
 */
export function findInvalidLines(session: SessionDescription): string[] {
  const out = (session.invalid ?? []).map((i) => i.value);
  for (const m of session.media) for (const i of m.invalid ?? []) out.push(i.value);
  return out;
}
