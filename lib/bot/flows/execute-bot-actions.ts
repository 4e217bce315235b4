import "server-only";
import { bookAppointment } from "@/lib/appointments/book-appointment";
import { cancelAppointment } from "@/lib/appointments/cancel-appointment";
import { parseSlotId } from "@/lib/appointments/appointment.schema";
import type { TAppointmentRow } from "@/lib/appointments/appointment.mapper";
import { findFreeSlots } from "@/lib/appointments/find-free-slots";
import { rescheduleAppointment } from "@/lib/appointments/reschedule-appointment";
import { sendAppointmentIcs } from "@/lib/appointments/send-appointment-ics";
import { AppError } from "@/lib/core/app-error";
import type { Logger } from "@/lib/core/logger";
import type { TBotAction, TBotActionOf, TProposedSlot } from "../actions";
import type { TBotState } from "../bot-state";
import type { TBotLanguage } from "../language";
import { renderReply } from "../replies";
import { sendAsBot, slotListMessage } from "./send-as-bot";

export interface ExecuteBotActionsOptions {
  workspaceId: string;
  conversationId: string;
  contactId: string;
  agentId: string | null;
  /** State before the turn (the booked appointment the customer had). */
  before: TBotState;
  /** State the engine returned; corrected here when a booking fails. */
  state: TBotState;
  actions: readonly TBotAction[];
  language: TBotLanguage;
  now: Date;
  log: Logger;
}

export interface ExecutedTurn {
  state: TBotState;
  /** Actions that took effect (a booking lost to a race is not among them: it is not scored). */
  applied: TBotAction[];
  escalation: TBotActionOf<"escalate"> | null;
  optedOut: boolean;
  sent: string[];
}

/**
 * Carries out one turn's actions in order. Appointment actions are always scoped to this
 * conversation's contact (the id comes from the contact's own booking, never from text), so no
 * instruction in a message can touch another contact's appointment. A booking that loses the race
 * for its slot (CONFLICT slot_taken) replaces the rest of the turn's text with "that slot was just
 * taken" and a fresh list of free slots.
 */
export async function executeBotActions(o: ExecuteBotActionsOptions): Promise<ExecutedTurn> {
  let state = o.state;
  const applied: TBotAction[] = [];
  const sent: string[] = [];
  let escalation: TBotActionOf<"escalate"> | null = null;
  let optedOut = false;
  let lostSlot = false;
  const afterText: Array<() => Promise<void>> = [];
  const send = async (input: Parameters<typeof sendAsBot>[2]) =>
    sent.push((await sendAsBot(o.workspaceId, o.conversationId, input, o.now)).id);
  const ownAppointmentId = (fromAction: string | null) => o.before.booked?.appointmentId ?? fromAction;

  for (const action of o.actions) {
    if (lostSlot && (action.type === "reply" || action.type === "ask" || action.type === "propose_slots"))
      continue;
    switch (action.type) {
      case "reply":
      case "ask":
        await send({ type: "text", text: action.text });
        applied.push(action);
        break;
      case "propose_slots":
        await send(slotListMessage(action));
        applied.push(action);
        break;
      case "qualify":
        applied.push(action);
        break;
      case "book":
      case "reschedule": {
        const slot = parseSlotId(action.slotId);
        const startsAt = new Date(action.startsAt);
        try {
          let row: TAppointmentRow;
          if (action.type === "book") {
            if (!slot) throw new AppError("INVALID_INPUT", { message: `bad slot id ${action.slotId}` });
            row = await bookAppointment({
              workspaceId: o.workspaceId,
              contactId: o.contactId,
              agentId: slot.agentId,
              startsAt,
              conversationId: o.conversationId,
              now: o.now,
            });
          } else {
            const id = ownAppointmentId(action.appointmentId);
            if (!id) throw new AppError("INVALID_STATE", { message: "no appointment to reschedule" });
            row = await rescheduleAppointment({
              workspaceId: o.workspaceId,
              id,
              contactId: o.contactId,
              startsAt,
              ...(slot ? { agentId: slot.agentId } : {}),
              now: o.now,
            });
          }
          if (state.booked) state = { ...state, booked: { ...state.booked, appointmentId: row.id } };
          applied.push(action.type === "book" ? action : { ...action, appointmentId: row.id });
          afterText.push(async () => {
            sent.push(await sendAppointmentIcs({ row, conversationId: o.conversationId, now: o.now }));
          });
        } catch (err) {
          if (!AppError.is(err, "CONFLICT") && !AppError.is(err, "INVALID_INPUT")) throw err;
          o.log.info(
            { err: err.message, slotId: action.slotId },
            "bot booking lost its slot; offering others",
          );
          lostSlot = true;
          state = await reofferSlots(o, state, action.type === "book" ? "book" : "reschedule", send);
        }
        break;
      }
      case "cancel": {
        const id = ownAppointmentId(action.appointmentId);
        if (!id) break;
        try {
          const { row, changed } = await cancelAppointment({
            workspaceId: o.workspaceId,
            id,
            contactId: o.contactId,
          });
          if (changed) {
            applied.push({ ...action, appointmentId: row.id });
            afterText.push(async () => {
              sent.push(await sendAppointmentIcs({ row, conversationId: o.conversationId, now: o.now }));
            });
          }
        } catch (err) {
          if (!AppError.is(err, "NOT_FOUND") && !AppError.is(err, "INVALID_STATE")) throw err;
          o.log.warn({ err: err.message }, "bot cancel found no active appointment of this contact");
        }
        break;
      }
      case "escalate":
        escalation = action;
        applied.push(action);
        break;
      case "opt_out":
        await send({ type: "text", text: action.confirmation });
        optedOut = true;
        applied.push(action);
        break;
    }
  }
  for (const task of afterText) await task();
  return { state, applied, escalation, optedOut, sent };
}

/** The slot was taken meanwhile: say so, and offer what is free now. */
async function reofferSlots(
  o: ExecuteBotActionsOptions,
  state: TBotState,
  purpose: "book" | "reschedule",
  send: (input: Parameters<typeof sendAsBot>[2]) => Promise<number>,
): Promise<TBotState> {
  await send({ type: "text", text: renderReply("slot_taken", o.language) });
  const free = await findFreeSlots({
    workspaceId: o.workspaceId,
    agentId: o.agentId,
    count: 10,
    language: o.language,
    now: o.now,
  });
  const offered: TProposedSlot[] = free
    .filter((s) => s.id !== o.before.booked?.slotId)
    .map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      label: s.label,
      description: s.description,
      timeZone: s.timeZone,
    }));
  if (offered.length === 0) {
    await send({ type: "text", text: renderReply("no_slots", o.language) });
    return { ...state, booked: o.before.booked, pending: null, lastProposedSlots: [] };
  }
  const text =
    purpose === "reschedule" && o.before.booked
      ? renderReply("propose_reschedule", o.language, { label: o.before.booked.label })
      : renderReply("propose_book", o.language);
  await send(
    slotListMessage({
      type: "propose_slots",
      text,
      button: renderReply("slots_button", o.language),
      purpose,
      slots: offered,
    }),
  );
  return {
    ...state,
    booked: o.before.booked,
    pending: { kind: "slot_choice", purpose },
    lastProposedSlots: offered,
  };
}
