/**
 * Meta's Calling API refusal and failure codes (reference whatsapp-cloud-api.md §6.10) in words an
 * agent can act on. The code itself is always shown next to the text, because support threads and
 * Meta's docs are searched by code; unknown codes fall back to the message the server sent.
 */
const TEXT: Record<string, string> = {
  "138006": "No call permission from this customer. Send a call permission request first.",
  "138012": "Daily limit reached: this customer already had the maximum business-initiated calls today.",
  "138009": "Permission request limit reached for this customer. Try again in a few days.",
  "138013": "Business-initiated calls are not available in this business number's country.",
  "131009": "WhatsApp voice calls are not supported in the customer's country.",
  "138001": "This customer cannot receive WhatsApp calls (app too old or calling unavailable).",
  "138002": "Too many calls at once on this business number. Try again in a moment.",
  "138003": "There is already a call in progress with this customer.",
  "138005": "Call rate limit reached for this business number. Try again shortly.",
  "138000": "Calling is not enabled on this WhatsApp business number.",
  "138014": "Calling is temporarily disabled for this number by Meta (call quality).",
  "138007": "The call could not be connected in time.",
  "131030": "This customer is not in the test number's allowed list.",
  "131044": "No valid payment method is attached to the WhatsApp account.",
  "138017": "This customer already gave permanent call permission.",
};

/** Also accepts our own error codes (NO_PERMISSION) as the server sends them. */
const ALIASES: Record<string, string> = { NO_PERMISSION: "138006", DAILY_LIMIT: "138012" };

export interface RefusalView {
  code: string;
  text: string;
}

export function refusalView(
  error: { code: string | number | null; message?: string | null } | null | undefined,
): RefusalView | null {
  if (!error) return null;
  const code = error.code !== null ? String(error.code) : (metaCodeIn(error.message ?? "") ?? "");
  const known = TEXT[code] ?? TEXT[ALIASES[code] ?? ""];
  return { code: code || "—", text: known ?? error.message ?? "The call could not be placed." };
}

/** Meta code embedded in a server message such as "(#138006) No approved call permission". */
export function metaCodeIn(message: string): string | null {
  const m = /\b(13\d{4}|131\d{3})\b/.exec(message);
  return m ? m[1]! : null;
}
