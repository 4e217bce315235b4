import { z } from "zod";
import { ZBotActionSchema, type TBotAction, type TProposedSlot } from "../actions";
import type { TBotState } from "../bot-state";
import { isToolName, TOOL_INPUT_SCHEMAS, type TToolInput, type TToolName } from "./tools";

/**
 * Turns one `tool_use` into a bot action — or refuses it. This is where the conversation's scope is
 * enforced in code, whatever the model was talked into:
 * - arguments must pass the zod schema of the action (lib/bot/actions.ts);
 * - slot ids must be among the slots offered to the model this turn (free, not the own booked one);
 * - reschedule/cancel act only on this conversation's appointment (state.booked);
 * - at most one appointment change (book / reschedule / cancel) per turn;
 * - after opt-out in this turn nothing else is done; after hand-off only a reply.
 * A refusal comes back as `{ ok: false, message }`, which the engine sends as an `is_error`
 * tool_result; nothing is emitted for it.
 */
export interface TToolWork {
  state: TBotState;
  actions: TBotAction[];
  /** Slots shown to the model this turn, by id. */
  offered: ReadonlyMap<string, TProposedSlot>;
  appointmentChanged: boolean;
}

export type TToolOutcome = { ok: true; action: TBotAction; result: string } | { ok: false; kind: "invalid" | "out_of_scope"; message: string };

const invalid = (message: string): TToolOutcome => ({ ok: false, kind: "invalid", message });
const refuse = (message: string): TToolOutcome => ({ ok: false, kind: "out_of_scope", message });

function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(input)"}: ${i.message}`).join("; ");
}

export function applyToolCall(work: TToolWork, name: string, input: unknown): TToolOutcome {
  if (!isToolName(name)) return invalid(`Unknown tool "${name}". Use one of: ${Object.keys(TOOL_INPUT_SCHEMAS).join(", ")}.`);
  if (work.state.optedOut) return refuse("The customer opted out in this turn; do nothing more.");
  if (work.state.handedOff && name !== "reply") return refuse("The conversation was handed to a human in this turn; only a short reply is allowed.");
  const parsed = TOOL_INPUT_SCHEMAS[name].safeParse(input);
  if (!parsed.success) return invalid(`Invalid input for ${name}: ${zodMessage(parsed.error)}`);
  const outcome = toAction(work, name, parsed.data);
  if (!outcome.ok) return outcome;
  // Belt and braces: whatever we built must be a valid action of the shared vocabulary.
  const checked = ZBotActionSchema.safeParse(outcome.action);
  if (!checked.success) return invalid(`Invalid ${name}: ${zodMessage(checked.error)}`);
  work.actions.push(checked.data);
  return { ok: true, action: checked.data, result: outcome.result };
}

function offeredSlot(work: TToolWork, slotId: string): TProposedSlot | TToolOutcome {
  const slot = work.offered.get(slotId);
  if (!slot) return refuse(`Slot id "${slotId}" is not in the offered list (it may be taken). Use only ids from 'Offered slots'.`);
  return slot;
}

function matchesTimes(slot: TProposedSlot, input: { startsAt?: string | undefined; endsAt?: string | undefined }): boolean {
  const same = (a: string | undefined, b: string) => a === undefined || new Date(a).getTime() === new Date(b).getTime();
  return same(input.startsAt, slot.startsAt) && same(input.endsAt, slot.endsAt);
}

/** Reschedule/cancel may name the appointment, but only the conversation's own one. */
function ownAppointment(state: TBotState, appointmentId: string | null | undefined): TToolOutcome | null {
  if (!state.booked) return refuse("This conversation has no appointment.");
  if (appointmentId !== undefined && appointmentId !== null && appointmentId !== state.booked.appointmentId) {
    return refuse("That appointment does not belong to this conversation. Only the customer's own appointment can be changed.");
  }
  return null;
}

function toAction(work: TToolWork, name: TToolName, data: unknown): { ok: true; action: TBotAction; result: string } | TToolOutcome {
  const { state } = work;
  switch (name) {
    case "reply": {
      const d = data as TToolInput<"reply">;
      return { ok: true, action: { type: "reply", text: d.text }, result: "sent" };
    }
    case "ask": {
      const d = data as TToolInput<"ask">;
      if (d.field === "slot_choice") {
        if (state.lastProposedSlots.length === 0) return refuse("No slots have been offered yet; use propose_slots.");
        state.pending = { kind: "slot_choice", purpose: state.pending?.kind === "slot_choice" ? state.pending.purpose : state.booked ? "reschedule" : "book" };
      } else {
        state.pending = { kind: "qualification", field: d.field };
        state.lastAskTurn = state.turns;
      }
      return { ok: true, action: { type: "ask", field: d.field, text: d.text }, result: "asked" };
    }
    case "qualify": {
      const d = data as TToolInput<"qualify">;
      state.qualification[d.field] = {
        value: d.value,
        raw: d.raw,
        ...(d.amount !== undefined ? { amount: d.amount } : {}),
        ...(d.currency !== undefined ? { currency: d.currency } : {}),
        ...(d.withinDays !== undefined ? { withinDays: d.withinDays } : {}),
        ...(d.role !== undefined ? { role: d.role } : {}),
      };
      if (state.pending?.kind === "qualification" && state.pending.field === d.field) state.pending = null;
      return { ok: true, action: { type: "qualify", ...d }, result: `recorded ${d.field}` };
    }
    case "propose_slots": {
      const d = data as TToolInput<"propose_slots">;
      if (d.purpose === "reschedule" && !state.booked) return refuse("There is no appointment to reschedule; propose with purpose 'book'.");
      const slots: TProposedSlot[] = [];
      for (const id of new Set(d.slotIds)) {
        const slot = offeredSlot(work, id);
        if ("ok" in slot) return slot;
        slots.push(slot);
      }
      state.pending = { kind: "slot_choice", purpose: d.purpose };
      state.lastProposedSlots = slots;
      return {
        ok: true,
        action: { type: "propose_slots", text: d.text, button: d.button, purpose: d.purpose, slots },
        result: `offered ${slots.length} slot(s) as a list: ${slots.map((s) => s.label).join(", ")}`,
      };
    }
    case "book": {
      const d = data as TToolInput<"book">;
      if (work.appointmentChanged) return refuse("Only one appointment change per message.");
      if (state.booked) return refuse(`This conversation already has an appointment (${state.booked.label}); use reschedule or cancel.`);
      const slot = offeredSlot(work, d.slotId);
      if ("ok" in slot) return slot;
      if (!matchesTimes(slot, d)) return refuse("startsAt/endsAt do not match the offered slot; pass only the slotId.");
      work.appointmentChanged = true;
      state.booked = { appointmentId: null, slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, label: slot.label };
      state.pending = null;
      state.lastProposedSlots = [];
      return { ok: true, action: { type: "book", slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt }, result: `booked ${slot.label}; confirm it to the customer` };
    }
    case "reschedule": {
      const d = data as TToolInput<"reschedule">;
      if (work.appointmentChanged) return refuse("Only one appointment change per message.");
      const notOwn = ownAppointment(state, d.appointmentId);
      if (notOwn) return notOwn;
      const booked = state.booked!;
      if (d.slotId === booked.slotId) return refuse("That is the current appointment slot; pick another offered slot.");
      const slot = offeredSlot(work, d.slotId);
      if ("ok" in slot) return slot;
      if (!matchesTimes(slot, d)) return refuse("startsAt/endsAt do not match the offered slot; pass only the slotId.");
      work.appointmentChanged = true;
      state.booked = { appointmentId: booked.appointmentId, slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, label: slot.label };
      state.pending = null;
      state.lastProposedSlots = [];
      return {
        ok: true,
        action: { type: "reschedule", appointmentId: booked.appointmentId, slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt },
        result: `moved the appointment to ${slot.label}; confirm it to the customer`,
      };
    }
    case "cancel": {
      const d = data as TToolInput<"cancel">;
      if (work.appointmentChanged) return refuse("Only one appointment change per message.");
      const notOwn = ownAppointment(state, d.appointmentId);
      if (notOwn) return notOwn;
      const booked = state.booked!;
      work.appointmentChanged = true;
      state.booked = null;
      if (state.pending?.kind === "slot_choice") state.pending = null;
      state.lastProposedSlots = [];
      return { ok: true, action: { type: "cancel", appointmentId: booked.appointmentId }, result: `cancelled the appointment of ${booked.label}; confirm it to the customer` };
    }
    case "escalate": {
      const d = data as TToolInput<"escalate">;
      state.handedOff = true;
      state.pending = null;
      return { ok: true, action: { type: "escalate", reason: d.reason, summary: d.summary }, result: "a human agent will take over; tell the customer briefly" };
    }
    case "opt_out": {
      const d = data as TToolInput<"opt_out">;
      state.optedOut = true;
      state.pending = null;
      state.lastProposedSlots = [];
      return { ok: true, action: { type: "opt_out", confirmation: d.confirmation }, result: "opted out; the confirmation is sent, say nothing more" };
    }
  }
}
