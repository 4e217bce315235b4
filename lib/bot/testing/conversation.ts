import { availableSlots, type TAvailability } from "@/lib/appointments/slots";
import type { TBotAction } from "../actions";
import { initialBotState, type TBotState } from "../bot-state";
import type { BotEngine, TBotTurnResult } from "../engine";
import type { TKnowledgeEntry } from "../knowledge";
import type { TBotLanguage } from "../language";

/**
 * Test support: plays a scripted conversation through an engine the way the conversation flow
 * will — keeping the state between turns, and applying book/reschedule/cancel actions to an
 * in-memory calendar so the next turn sees the right free slots.
 */
export interface TScriptedTurn extends TBotTurnResult {
  said: string;
}

export const TEST_AVAILABILITY: TAvailability = {
  agentId: "agent-1",
  timeZone: "Asia/Kolkata",
  weeklyHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "10:00", end: "18:00" })),
  slotMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  horizonDays: 14,
};

export class ScriptedConversation {
  state: TBotState = initialBotState();
  readonly booked: Array<{ startsAt: Date; endsAt: Date; slotId: string }> = [];
  readonly turns: TScriptedTurn[] = [];
  /** Slots someone else takes between turns (concurrency). */
  readonly takenElsewhere: Array<{ startsAt: Date; endsAt: Date }> = [];
  private appointmentSeq = 0;

  constructor(
    private readonly engine: BotEngine,
    private readonly options: { now: Date; knowledge?: TKnowledgeEntry[]; availability?: TAvailability; language?: TBotLanguage },
  ) {}

  freeSlots(language: TBotLanguage) {
    return availableSlots({
      availability: this.options.availability ?? TEST_AVAILABILITY,
      booked: [...this.booked, ...this.takenElsewhere],
      from: this.options.now,
      count: 40,
      language,
    });
  }

  async say(text: string, replyId?: string): Promise<TScriptedTurn> {
    const language = this.state.language ?? this.options.language ?? "en";
    const result = await this.engine.turn({
      message: replyId ? { text, replyId } : { text },
      state: this.state,
      knowledge: this.options.knowledge ?? [],
      now: this.options.now,
      availableSlots: this.freeSlots(language),
      ...(this.options.language ? { language: this.options.language } : {}),
    });
    this.state = result.state;
    for (const a of result.actions) this.apply(a);
    const turn = { ...result, said: text };
    this.turns.push(turn);
    return turn;
  }

  private apply(a: TBotAction): void {
    if (a.type === "book") {
      this.booked.push({ startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt), slotId: a.slotId });
      // What the booking use-case will do: write the appointment id back into the bot state.
      if (this.state.booked) this.state = { ...this.state, booked: { ...this.state.booked, appointmentId: `appt-${++this.appointmentSeq}` } };
    } else if (a.type === "reschedule") {
      this.booked.splice(0, this.booked.length, { startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt), slotId: a.slotId });
    } else if (a.type === "cancel") {
      this.booked.splice(0, this.booked.length);
    }
  }
}

export const types = (turn: { actions: TBotAction[] }): string[] => turn.actions.map((a) => a.type);
export const texts = (turn: { actions: TBotAction[] }): string[] =>
  turn.actions.flatMap((a) => ("text" in a ? [a.text] : a.type === "opt_out" ? [a.confirmation] : []));
export function actionOf<K extends TBotAction["type"]>(turn: { actions: TBotAction[] }, type: K): Extract<TBotAction, { type: K }> {
  const found = turn.actions.find((a) => a.type === type);
  if (!found) throw new Error(`no ${type} action in [${types(turn).join(", ")}]`);
  return found as Extract<TBotAction, { type: K }>;
}
