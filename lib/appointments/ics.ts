/**
 * iCalendar (RFC 5545) for appointments: one invitation per appointment (sent as the `.ics`
 * attachment on WhatsApp and by e-mail) and a subscribable feed per agent.
 *
 * Outside-world rules this follows:
 * - Lines end with CRLF and are folded at 75 octets (UTF-8 bytes, not characters): the
 *   continuation line starts with one space, and a multi-byte character is never split
 *   (RFC 5545 §3.1).
 * - TEXT values escape backslash, semicolon, comma and newlines (§3.3.11); parameter values
 *   containing ":;," are double-quoted and may not contain DQUOTE (§3.2).
 * - Invitations carry METHOD:REQUEST (RFC 5546 §3.2.2). A cancellation is METHOD:CANCEL with
 *   STATUS:CANCELLED and a higher SEQUENCE (RFC 5546 §3.2.5): calendar apps (Google, Outlook,
 *   Apple) only drop the event when both match the UID they already have.
 * - UID is stable per appointment and SEQUENCE goes up on every reschedule, so clients update the
 *   event in place instead of adding a second one.
 * - A subscribed feed has no iTIP method; REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL
 *   (Outlook/Apple) suggest how often to poll.
 */

export interface TIcsPerson {
  name?: string;
  email?: string;
  /** E.164; used as a `tel:` URI when there is no e-mail (WhatsApp contacts rarely have one). */
  phone?: string;
}

export interface TIcsEvent {
  uid: string;
  sequence: number;
  status: "confirmed" | "cancelled";
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer: TIcsPerson;
  attendees: TIcsPerson[];
  createdAt?: Date;
  updatedAt?: Date;
}

export const ICS_PRODID = "-//WhatsApp Contact Centre//Appointments//EN";

/** A UID that stays the same for the appointment's whole life (RFC 5545 §3.8.4.7). */
export function appointmentUid(appointmentId: string, domain: string): string {
  return `appointment-${appointmentId}@${domain}`;
}

/** `20261130T053000Z` */
export function formatIcsDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** Escape a TEXT value. */
export function escapeIcsText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** A parameter value: quoted when it contains ":;,"; DQUOTE and control characters removed. */
function paramValue(value: string): string {
  const clean = value.replace(/["\u0000-\u001f\u007f]/g, "");
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** Fold one content line at 75 octets without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let currentBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const bytes = encoder.encode(ch).length;
    if (currentBytes + bytes > limit) {
      parts.push(current);
      current = "";
      currentBytes = 0;
      limit = 74; // continuation lines begin with a space, which counts towards the 75
    }
    current += ch;
    currentBytes += bytes;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function calAddress(p: TIcsPerson): string | null {
  if (p.email) return `mailto:${p.email}`;
  if (p.phone) return `tel:${p.phone.replace(/[^+\d]/g, "")}`;
  return null;
}

function personLine(property: "ORGANIZER" | "ATTENDEE", p: TIcsPerson, extraParams: string[]): string | null {
  const address = calAddress(p);
  if (!address) return null;
  const params = [...(p.name ? [`CN=${paramValue(p.name)}`] : []), ...extraParams];
  return `${property}${params.map((x) => `;${x}`).join("")}:${address}`;
}

function eventLines(e: TIcsEvent, now: Date): string[] {
  if (!(e.endsAt.getTime() > e.startsAt.getTime())) throw new RangeError("endsAt must be after startsAt");
  const lines = [
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `SEQUENCE:${Math.max(0, Math.floor(e.sequence))}`,
    `DTSTAMP:${formatIcsDate(now)}`,
    `DTSTART:${formatIcsDate(e.startsAt)}`,
    `DTEND:${formatIcsDate(e.endsAt)}`,
    `SUMMARY:${escapeIcsText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeIcsText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeIcsText(e.location)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  const organizer = personLine("ORGANIZER", e.organizer, []);
  if (organizer) lines.push(organizer);
  for (const a of e.attendees) {
    const line = personLine("ATTENDEE", a, ["ROLE=REQ-PARTICIPANT", `PARTSTAT=${e.status === "cancelled" ? "DECLINED" : "NEEDS-ACTION"}`, "RSVP=FALSE"]);
    if (line) lines.push(line);
  }
  lines.push(`STATUS:${e.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`);
  if (e.createdAt) lines.push(`CREATED:${formatIcsDate(e.createdAt)}`);
  if (e.updatedAt) lines.push(`LAST-MODIFIED:${formatIcsDate(e.updatedAt)}`);
  lines.push("END:VEVENT");
  return lines;
}

function serialise(lines: string[]): string {
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

/**
 * The `.ics` for one appointment: METHOD:REQUEST for a new or moved appointment, METHOD:CANCEL
 * (with STATUS:CANCELLED) once it is cancelled. Pass a higher `sequence` after every change.
 */
export function buildAppointmentIcs(event: TIcsEvent, now: Date): string {
  const method = event.status === "cancelled" ? "CANCEL" : "REQUEST";
  return serialise([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${ICS_PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    ...eventLines(event, now),
    "END:VCALENDAR",
  ]);
}

/** A subscribable calendar (an agent's private feed URL) with many events. */
export function buildIcsFeed(options: { name: string; events: readonly TIcsEvent[]; now: Date; refreshMinutes?: number }): string {
  const refresh = `PT${Math.max(5, Math.floor(options.refreshMinutes ?? 15))}M`;
  return serialise([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${ICS_PRODID}`,
    "CALSCALE:GREGORIAN",
    `NAME:${escapeIcsText(options.name)}`,
    `X-WR-CALNAME:${escapeIcsText(options.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...options.events.flatMap((e) => eventLines(e, options.now)),
    "END:VCALENDAR",
  ]);
}
