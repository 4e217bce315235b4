/**
 * Frappe Datetime fields are naive "YYYY-MM-DD HH:MM:SS" strings in the site's system time zone
 * (reference §3.5: Twilio's handler converts UTC to the system tz before saving). Sending ISO
 * strings with "T"/offsets is not reliably converted, so we format ourselves.
 */
export function toFrappeDatetime(date: Date | string, timeZone: string): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
}

/** The inverse: a naive site-time string (with optional ".ffffff") → the instant. */
export function fromFrappeDatetime(text: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`Not a Frappe datetime: ${text}`);
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const asUtc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms);
  // Offset of the zone at that wall time: format the guess back and correct by the difference.
  const guess = new Date(asUtc);
  const back = toFrappeDatetime(guess, timeZone);
  const [bd, bt] = back.split(" ");
  const [by, bmo, bday] = bd!.split("-").map(Number);
  const [bh, bmi, bs] = bt!.split(":").map(Number);
  const offset = Date.UTC(by!, bmo! - 1, bday!, bh!, bmi!, bs!) - Math.floor(asUtc / 1000) * 1000;
  return new Date(asUtc - offset);
}
