/**
 * The CRM Lead insert body for a new WhatsApp contact (reference §3.1, §7.2).
 * - `first_name` is mandatory; CRM falls back to organisation/email, which we do not have, so a
 *   contact without a profile name gets "WhatsApp +91…" as first name.
 * - `source` is a Link to CRM Lead Source. The defaults CRM installs have no "WhatsApp"
 *   (Email, Existing Customer, …, Web Form), so an unknown value fails with 417
 *   LinkValidationError: `ensureLeadSource` creates it first.
 * - `status` is omitted: CRM sets "New" (or the first Open-type status) itself.
 * - `lead_owner` is a Link to User (the agent's Frappe email).
 */
export const WHATSAPP_LEAD_SOURCE = "WhatsApp";

export interface BuildLeadPayloadInput {
  e164: string;
  profileName?: string | null;
  ownerEmail?: string | null;
  source?: string;
}

export function splitName(profileName: string | null | undefined): { first: string | null; last: string | null } {
  const clean = (profileName ?? "").replace(/\s+/g, " ").trim();
  if (!clean) return { first: null, last: null };
  const parts = clean.split(" ");
  if (parts.length === 1) return { first: parts[0]!.slice(0, 140), last: null };
  return { first: parts.slice(0, -1).join(" ").slice(0, 140), last: parts[parts.length - 1]!.slice(0, 140) };
}

export function buildLeadPayload(input: BuildLeadPayloadInput): Record<string, unknown> {
  const { first, last } = splitName(input.profileName);
  const body: Record<string, unknown> = {
    first_name: first ?? `WhatsApp ${input.e164}`,
    mobile_no: input.e164,
    source: input.source ?? WHATSAPP_LEAD_SOURCE,
  };
  if (last) body.last_name = last;
  if (input.ownerEmail) body.lead_owner = input.ownerEmail;
  return body;
}
