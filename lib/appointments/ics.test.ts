import { describe, expect, it } from "vitest";
import { appointmentUid, buildAppointmentIcs, buildIcsFeed, escapeIcsText, foldLine, type TIcsEvent } from "./ics";

const now = new Date("2026-11-27T10:15:30.123Z");
const base: TIcsEvent = {
  uid: appointmentUid("appt_123", "cc.example.test"),
  sequence: 0,
  status: "confirmed",
  startsAt: new Date("2026-11-30T05:30:00Z"),
  endsAt: new Date("2026-11-30T06:00:00Z"),
  summary: "Demo call, pricing; follow-up",
  description: "Customer asked about the Pro plan.\nBudget: ₹2 lakh; timeline: 3 months. Path C:\\deals",
  organizer: { name: "Asha Rao, Sales", email: "asha@example.test" },
  attendees: [{ name: "Ravi Kumar", phone: "+91 98765 43210" }],
};

/** Unfold (RFC 5545 §3.1) and split into logical lines, checking CRLF on the way. */
function logicalLines(ics: string): string[] {
  expect(ics.endsWith("\r\n")).toBe(true);
  expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n").slice(0, -1);
}
function physicalLines(ics: string): string[] {
  return ics.split("\r\n").slice(0, -1);
}
const prop = (lines: string[], name: string) => lines.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));

describe("buildAppointmentIcs", () => {
  it("produces a REQUEST with every required property, CRLF and folded lines", () => {
    const ics = buildAppointmentIcs(base, now);
    const lines = logicalLines(ics);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(prop(lines, "PRODID")).toHaveLength(1);
    expect(lines).toContain("METHOD:REQUEST");
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines).toContain("UID:appointment-appt_123@cc.example.test");
    expect(lines).toContain("SEQUENCE:0");
    expect(lines).toContain("DTSTAMP:20261127T101530Z");
    expect(lines).toContain("DTSTART:20261130T053000Z");
    expect(lines).toContain("DTEND:20261130T060000Z");
    expect(lines).toContain("STATUS:CONFIRMED");
    expect(lines).toContain("SUMMARY:Demo call\\, pricing\\; follow-up");
    expect(lines).toContain("DESCRIPTION:Customer asked about the Pro plan.\\nBudget: ₹2 lakh\\; timeline: 3 months. Path C:\\\\deals");
    expect(lines).toContain('ORGANIZER;CN="Asha Rao, Sales":mailto:asha@example.test');
    expect(lines).toContain("ATTENDEE;CN=Ravi Kumar;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:tel:+919876543210");
    // Physical lines: none longer than 75 octets; continuations start with one space.
    const encoder = new TextEncoder();
    const physical = physicalLines(ics);
    for (const line of physical) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    expect(physical.some((l) => l.startsWith(" "))).toBe(true); // the DESCRIPTION and ATTENDEE lines were folded
  });

  it("keeps UID and raises SEQUENCE on reschedule; cancels with METHOD:CANCEL + STATUS:CANCELLED", () => {
    const first = logicalLines(buildAppointmentIcs(base, now));
    const moved = logicalLines(
      buildAppointmentIcs({ ...base, sequence: 1, startsAt: new Date("2026-12-01T05:30:00Z"), endsAt: new Date("2026-12-01T06:00:00Z") }, now),
    );
    const cancelled = logicalLines(buildAppointmentIcs({ ...base, sequence: 2, status: "cancelled" }, now));
    expect(prop(moved, "UID")).toEqual(prop(first, "UID"));
    expect(prop(cancelled, "UID")).toEqual(prop(first, "UID"));
    expect(moved).toContain("SEQUENCE:1");
    expect(moved).toContain("DTSTART:20261201T053000Z");
    expect(cancelled).toContain("SEQUENCE:2");
    expect(cancelled).toContain("METHOD:CANCEL");
    expect(cancelled).toContain("STATUS:CANCELLED");
    expect(cancelled).not.toContain("STATUS:CONFIRMED");
  });

  it("rejects an event that ends before it starts", () => {
    expect(() => buildAppointmentIcs({ ...base, endsAt: base.startsAt }, now)).toThrow(RangeError);
  });
});

describe("foldLine", () => {
  it("folds at 75 octets and never splits a multi-byte character", () => {
    const line = `DESCRIPTION:${"नमस्ते आपका अपॉइंटमेंट बुक हो गया है ".repeat(4)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    const encoder = new TextEncoder();
    for (const [i, p] of parts.entries()) {
      expect(encoder.encode(p).length).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(" ")).toBe(true);
      expect(p).not.toContain("\uFFFD");
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
    const exactly75 = `X:${"a".repeat(73)}`;
    expect(foldLine(exactly75)).toBe(exactly75);
    expect(foldLine(`${exactly75}b`).split("\r\n")).toEqual([exactly75, " b"]);
  });

  it("escapes TEXT values", () => {
    expect(escapeIcsText("a,b;c\\d\ne\r\nf")).toBe("a\\,b\\;c\\\\d\\ne\\nf");
  });
});

describe("buildIcsFeed", () => {
  it("lists many events in one subscribable VCALENDAR without an iTIP method", () => {
    const events: TIcsEvent[] = Array.from({ length: 3 }, (_, i) => ({
      ...base,
      uid: appointmentUid(`appt_${i}`, "cc.example.test"),
      startsAt: new Date(Date.UTC(2026, 11, 1 + i, 5, 30)),
      endsAt: new Date(Date.UTC(2026, 11, 1 + i, 6, 0)),
      status: i === 2 ? ("cancelled" as const) : ("confirmed" as const),
    }));
    const lines = logicalLines(buildIcsFeed({ name: "Asha's appointments", events, now }));
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(3);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(3);
    expect(prop(lines, "METHOD")).toHaveLength(0);
    expect(lines).toContain("X-WR-CALNAME:Asha's appointments");
    expect(lines).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT15M");
    expect(prop(lines, "UID")).toEqual(["UID:appointment-appt_0@cc.example.test", "UID:appointment-appt_1@cc.example.test", "UID:appointment-appt_2@cc.example.test"]);
    expect(lines.filter((l) => l === "STATUS:CANCELLED")).toHaveLength(1);
    // Every VEVENT has the required properties.
    const blocks = lines.join("\n").split("BEGIN:VEVENT").slice(1);
    for (const b of blocks) for (const p of ["UID:", "DTSTAMP:", "DTSTART:", "DTEND:", "SUMMARY:", "SEQUENCE:"]) expect(b).toContain(`\n${p}`);
  });
});
