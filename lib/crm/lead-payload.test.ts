import { describe, expect, it } from "vitest";
import { buildLeadPayload, splitName } from "./lead-payload";
import { conversationSummaryNote, escapeHtml } from "./note-payload";
import { buildTaskPayload } from "./task-payload";

describe("lead payload", () => {
  it("splits the WhatsApp profile name into first and last name", () => {
    expect(splitName("  Asha   Rao ")).toEqual({ first: "Asha", last: "Rao" });
    expect(splitName("Asha Devi Rao")).toEqual({ first: "Asha Devi", last: "Rao" });
    expect(splitName("आशा")).toEqual({ first: "आशा", last: null });
    expect(splitName(null)).toEqual({ first: null, last: null });
  });
  it("creates a WhatsApp-sourced lead owned by the agent's Frappe user", () => {
    expect(buildLeadPayload({ e164: "+919812345678", profileName: "Asha Rao", ownerEmail: "agent@example.com" })).toEqual({
      first_name: "Asha",
      last_name: "Rao",
      mobile_no: "+919812345678",
      source: "WhatsApp",
      lead_owner: "agent@example.com",
    });
  });
  it("falls back to a first name from the number (first_name is mandatory)", () => {
    expect(buildLeadPayload({ e164: "+919812345678" })).toEqual({ first_name: "WhatsApp +919812345678", mobile_no: "+919812345678", source: "WhatsApp" });
  });
});

describe("note and task payloads", () => {
  it("escapes customer text in notes and titles them per event", () => {
    const n = conversationSummaryNote({ reference: { doctype: "CRM Lead", name: "L1" }, summary: "Wants <b>10</b> units\n\nCall back", at: new Date("2026-03-01T04:30:00Z"), timeZone: "Asia/Kolkata" });
    expect(n.title).toBe("WhatsApp conversation summary · 2026-03-01 10:00");
    expect(n.content).toBe("<p>Wants &lt;b&gt;10&lt;/b&gt; units</p><p>Call back</p>");
    expect(escapeHtml(`"'&`)).toBe("&quot;&#39;&amp;");
  });
  it("writes the task due date in site time with defaults", () => {
    expect(buildTaskPayload({ reference: { doctype: "CRM Deal", name: "D1" }, title: "Demo", dueAt: "2026-03-02T09:00:00.000Z", assignedTo: "agent@example.com" }, "Asia/Kolkata")).toEqual({
      title: "Demo",
      priority: "Medium",
      status: "Todo",
      due_date: "2026-03-02 14:30:00",
      reference_doctype: "CRM Deal",
      reference_docname: "D1",
      assigned_to: "agent@example.com",
    });
  });
});
