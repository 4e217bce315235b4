import { describe, expect, it } from "vitest";
import type { TProposedSlot } from "../actions";
import { initialBotState, type TBotState } from "../bot-state";
import { applyToolCall, type TToolWork } from "./apply-tool-call";

const slot = (n: number): TProposedSlot => ({
  id: `agent-1:slot-${n}`,
  startsAt: new Date(Date.UTC(2026, 10, 27, 7 + n)).toISOString(),
  endsAt: new Date(Date.UTC(2026, 10, 27, 7 + n, 30)).toISOString(),
  label: `Fri ${12 + n}:30`,
});
function work(state: Partial<TBotState> = {}): TToolWork {
  return { state: { ...initialBotState(), ...state }, actions: [], offered: new Map([0, 1, 2].map((n) => [slot(n).id, slot(n)])), appointmentChanged: false };
}
const booked = { appointmentId: "appt-1", slotId: "agent-1:old", startsAt: "2026-11-30T05:00:00.000Z", endsAt: "2026-11-30T05:30:00.000Z", label: "Mon 10:30" };

describe("applyToolCall", () => {
  it("turns a valid tool call into the action and updates the state", () => {
    const w = work();
    const out = applyToolCall(w, "book", { slotId: slot(1).id });
    expect(out).toMatchObject({ ok: true, action: { type: "book", slotId: slot(1).id, startsAt: slot(1).startsAt, endsAt: slot(1).endsAt } });
    expect(w.state.booked).toMatchObject({ appointmentId: null, slotId: slot(1).id, label: slot(1).label });
    expect(w.actions).toHaveLength(1);
  });

  it("reports zod failures with the field path, emitting nothing", () => {
    const w = work();
    const out = applyToolCall(w, "qualify", { field: "budget", value: "x", raw: "x", amount: -1, extra: true });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.kind).toBe("invalid");
      expect(out.message).toContain("amount");
      expect(out.message).toContain("extra");
    }
    expect(w.actions).toEqual([]);
  });

  it("refuses slots that were not offered, the own slot when rescheduling, and other appointments", () => {
    expect(applyToolCall(work(), "book", { slotId: "agent-1:slot-9" })).toMatchObject({ ok: false, kind: "out_of_scope" });
    expect(applyToolCall(work({ booked }), "book", { slotId: slot(0).id })).toMatchObject({ ok: false, message: expect.stringContaining("already has an appointment") });
    expect(applyToolCall(work({ booked }), "reschedule", { slotId: slot(0).id, appointmentId: "appt-2" })).toMatchObject({ ok: false, kind: "out_of_scope" });
    expect(applyToolCall(work({ booked }), "cancel", { appointmentId: "appt-2" })).toMatchObject({ ok: false, kind: "out_of_scope" });
    expect(applyToolCall(work(), "cancel", {})).toMatchObject({ ok: false, message: "This conversation has no appointment." });
    expect(applyToolCall(work(), "propose_slots", { text: "t", button: "b", purpose: "reschedule", slotIds: [slot(0).id] })).toMatchObject({ ok: false });
  });

  it("reschedules and cancels only the own appointment", () => {
    const w = work({ booked });
    expect(applyToolCall(w, "reschedule", { slotId: slot(2).id })).toMatchObject({ ok: true, action: { type: "reschedule", appointmentId: "appt-1", slotId: slot(2).id } });
    expect(applyToolCall(w, "cancel", { appointmentId: "appt-1" })).toMatchObject({ ok: false, message: "Only one appointment change per message." });
    const c = work({ booked });
    expect(applyToolCall(c, "cancel", { appointmentId: "appt-1" })).toMatchObject({ ok: true, action: { type: "cancel", appointmentId: "appt-1" } });
    expect(c.state.booked).toBeNull();
  });

  it("builds offered list rows from our slot data, not from the model", () => {
    const w = work();
    const out = applyToolCall(w, "propose_slots", { text: "Pick", button: "Slots", purpose: "book", slotIds: [slot(2).id, slot(0).id, slot(2).id] });
    expect(out).toMatchObject({ ok: true, action: { slots: [slot(2), slot(0)] } });
    expect(w.state).toMatchObject({ pending: { kind: "slot_choice", purpose: "book" }, lastProposedSlots: [slot(2), slot(0)] });
  });

  it("after opt-out nothing more; after hand-off only a reply", () => {
    const o = work();
    applyToolCall(o, "opt_out", { confirmation: "Bye" });
    expect(applyToolCall(o, "reply", { text: "one more thing" }).ok).toBe(false);
    const h = work();
    applyToolCall(h, "escalate", { reason: "requested", summary: "wants a person" });
    expect(applyToolCall(h, "reply", { text: "Connecting you" }).ok).toBe(true);
    expect(applyToolCall(h, "book", { slotId: slot(0).id }).ok).toBe(false);
    expect(h.state.handedOff).toBe(true);
  });

  it("records qualification answers and clears the matching pending question", () => {
    const w = work({ pending: { kind: "qualification", field: "timeline" } });
    applyToolCall(w, "qualify", { field: "timeline", value: "within 30 days", raw: "next month", withinDays: 30 });
    expect(w.state.qualification.timeline).toEqual({ value: "within 30 days", raw: "next month", withinDays: 30 });
    expect(w.state.pending).toBeNull();
  });
});
