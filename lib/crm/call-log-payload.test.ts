import { describe, expect, it } from "vitest";
import { CALL_STATUSES } from "@/lib/calls/call-state";
import { buildCallLogPayload, callLogChanges, CRM_CALL_STATUSES, mapCallStatus } from "./call-log-payload";
import type { TCrmCall } from "./crm.schema";
import { fromFrappeDatetime, toFrappeDatetime } from "./frappe-datetime";

const base: TCrmCall = {
  id: "call_abc",
  direction: "inbound",
  status: "completed",
  customerPhone: "+919812345678",
  businessPhone: "+15550001234",
  agentEmail: "agent@example.com",
  startedAt: "2026-03-01T04:30:00.000Z",
  answeredAt: "2026-03-01T04:30:10.000Z",
  endedAt: "2026-03-01T04:32:15.000Z",
  durationSec: null,
  recordingUrl: "https://app.example.com/r/signed",
  reference: { doctype: "CRM Lead", name: "CRM-LEAD-2026-00001" },
};

describe("mapCallStatus", () => {
  it("maps every CallStatus to one of CRM's nine values, for both directions", () => {
    for (const s of CALL_STATUSES) {
      for (const d of ["inbound", "outbound"] as const) expect(CRM_CALL_STATUSES).toContain(mapCallStatus(s, d));
    }
  });
  it.each([
    ["ringing", "inbound", "Ringing"],
    ["queued", "inbound", "Queued"],
    ["connecting", "outbound", "Initiated"],
    ["in_progress", "inbound", "In Progress"],
    ["on_hold", "outbound", "In Progress"],
    ["completed", "inbound", "Completed"],
    ["missed", "inbound", "No Answer"],
    ["abandoned", "inbound", "No Answer"],
    ["no_answer", "outbound", "No Answer"],
    ["rejected", "outbound", "Busy"],
    ["rejected", "inbound", "Failed"],
    ["failed", "outbound", "Failed"],
  ] as const)("%s (%s) → %s", (status, direction, crm) => {
    expect(mapCallStatus(status, direction)).toBe(crm);
  });
  it("an outbound call the agent cancelled is Canceled", () => {
    expect(mapCallStatus("no_answer", "outbound", "cancelled_by_agent")).toBe("Canceled");
  });
});

describe("buildCallLogPayload", () => {
  it("builds an incoming call log in the site's time zone with our id", () => {
    expect(buildCallLogPayload(base, { timeZone: "Asia/Kolkata" })).toEqual({
      id: "call_abc",
      type: "Incoming",
      status: "Completed",
      from: "+919812345678",
      to: "+15550001234",
      telephony_medium: "Manual",
      medium: "WhatsApp",
      start_time: "2026-03-01 10:00:00",
      end_time: "2026-03-01 10:02:15",
      duration: 125,
      receiver: "agent@example.com",
      recording_url: "https://app.example.com/r/signed",
      reference_doctype: "CRM Lead",
      reference_docname: "CRM-LEAD-2026-00001",
    });
  });
  it("puts the agent in caller and the customer in `to` for outgoing calls; no end before the end", () => {
    const p = buildCallLogPayload({ ...base, direction: "outbound", status: "ringing", answeredAt: null, endedAt: null, recordingUrl: null }, { timeZone: "UTC" });
    expect(p).toMatchObject({ type: "Outgoing", status: "Ringing", from: "+15550001234", to: "+919812345678", caller: "agent@example.com", duration: 0, start_time: "2026-03-01 04:30:00" });
    expect(p).not.toHaveProperty("end_time");
    expect(p).not.toHaveProperty("receiver");
    expect(p).not.toHaveProperty("recording_url");
  });
});

describe("callLogChanges", () => {
  const stored = { name: "call_abc", status: "Completed", duration: 125, end_time: "2026-03-01 10:02:15.000000", start_time: "2026-03-01 10:00:00.000000", recording_url: null };
  it("never moves a finished log back to a live status", () => {
    const late = buildCallLogPayload({ ...base, status: "ringing", endedAt: null, answeredAt: null }, { timeZone: "Asia/Kolkata" });
    const changes = callLogChanges(stored, late);
    expect(changes).not.toHaveProperty("status");
    expect(changes).not.toHaveProperty("duration");
    expect(changes).not.toHaveProperty("end_time");
  });
  it("returns only the differing fields, ignoring Frappe's microseconds", () => {
    const desired = buildCallLogPayload(base, { timeZone: "Asia/Kolkata" });
    expect(callLogChanges(stored, desired)).toEqual({
      recording_url: "https://app.example.com/r/signed",
      receiver: "agent@example.com",
      reference_doctype: "CRM Lead",
      reference_docname: "CRM-LEAD-2026-00001",
    });
  });
  it("repairs a terminal status edited by hand", () => {
    expect(callLogChanges({ ...stored, status: "Failed" }, { status: "Completed" })).toEqual({ status: "Completed" });
  });
});

describe("Frappe datetimes", () => {
  it("formats naive site-time strings and reads them back", () => {
    expect(toFrappeDatetime("2026-12-31T20:00:00Z", "Asia/Kolkata")).toBe("2027-01-01 01:30:00");
    expect(fromFrappeDatetime("2027-01-01 01:30:00.000000", "Asia/Kolkata").toISOString()).toBe("2026-12-31T20:00:00.000Z");
    expect(fromFrappeDatetime("2026-07-01 12:00:00", "Europe/London").toISOString()).toBe("2026-07-01T11:00:00.000Z");
  });
});
