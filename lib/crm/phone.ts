import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Phone numbers as CRM users type them. Frappe stores `mobile_no`/`phone` as free text, so one
 * Indian mobile appears as "+91 98123 45678", "09812345678", "98123-45678", "919812345678" or
 * "+919812345678" (CRM's own lookup parses with default region "IN" and compares digits, §4.2).
 * We normalise to E.164 with libphonenumber-js and search the CRM by every written form.
 */

/** E.164 ("+919812345678") or null when the text is not a valid number. */
export function normalizePhone(text: string | null | undefined, defaultRegion: string): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (!trimmed) return null;
  // WhatsApp ids ("919812345678", "14155552671") carry the country code without "+". A bare
  // digit string of 11+ digits without a trunk "0" is read as international first; shorter ones
  // are national numbers of the default region ("9812345678" is not Iran's +98…).
  const region = defaultRegion.toUpperCase() as CountryCode;
  const digits = trimmed.replace(/\D/g, "");
  const bareDigits = !trimmed.startsWith("+") && !trimmed.startsWith("0") && /^[\d\s\-().]+$/.test(trimmed);
  if (bareDigits && digits.length >= 11) {
    const withPlus = parsePhoneNumberFromString(`+${digits}`);
    if (withPlus?.isValid()) return withPlus.number;
  }
  const parsed = parsePhoneNumberFromString(trimmed, region);
  if (parsed?.isValid()) return parsed.number;
  return null;
}

/** Digits only: "+91 98123-45678" → "919812345678". */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, "");
}

/**
 * The ways people write this number in a CRM, for an exact `in` filter: E.164, E.164 without "+",
 * the national number with and without trunk prefix, and the grouped international/national forms
 * with spaces and with dashes.
 */
export function phoneWrittenForms(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const nsn = parsed.nationalNumber as string;
  const cc = parsed.countryCallingCode as string;
  const international = parsed.formatInternational(); // "+91 98123 45678"
  const national = parsed.formatNational(); // "098123 45678"
  const groupedNsn = international.replace(`+${cc}`, "").trim(); // "98123 45678"
  const forms = [
    e164,
    `${cc}${nsn}`,
    `0${nsn}`,
    nsn,
    international,
    international.replace(/ /g, "-"),
    `+${cc}-${groupedNsn.replace(/ /g, "-")}`,
    `${cc} ${groupedNsn}`,
    national,
    national.replace(/ /g, "-"),
    groupedNsn,
    groupedNsn.replace(/ /g, "-"),
    `+${cc} ${nsn}`,
    `00${cc}${nsn}`,
  ];
  return [...new Set(forms)];
}

/**
 * One SQL LIKE pattern that matches the national number written with any separators:
 * "%9%8%1%2%3%4%5%6%7%8%". It over-matches on purpose; every candidate is verified exactly
 * (normalised to E.164) afterwards.
 */
export function phoneLikePattern(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const nsn = parsed ? (parsed.nationalNumber as string) : phoneDigits(e164).slice(-10);
  return `%${nsn.split("").join("%")}%`;
}

/** True when `text` (as written in the CRM) is the same number as `e164`. */
export function samePhone(text: unknown, e164: string, defaultRegion: string): boolean {
  return typeof text === "string" && normalizePhone(text, defaultRegion) === e164;
}
