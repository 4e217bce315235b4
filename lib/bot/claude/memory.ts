import { z } from "zod";
import type { TBotAction } from "../actions";
import type { TBotState } from "../bot-state";

/**
 * The Claude engine's conversational memory, kept in the bot state under `claude`: the last few
 * turns verbatim (bounded) and a running summary of the older ones, so the request size stays
 * flat however long the chat gets. Only this conversation's own turns ever go in here.
 */
export const HISTORY_TURNS = 6;
const USER_TEXT_MAX = 500;
const BOT_TEXT_MAX = 700;
const SUMMARY_MAX = 1200;

export const ZClaudeTurnMemorySchema = z.object({ user: z.string(), bot: z.string() });
export const ZClaudeMemorySchema = z.object({
  history: z.array(ZClaudeTurnMemorySchema).default([]),
  summary: z.string().default(""),
});
export type TClaudeMemory = z.infer<typeof ZClaudeMemorySchema>;
export type TClaudeTurnMemory = z.infer<typeof ZClaudeTurnMemorySchema>;

/** The bot state as the Claude engine sees it: the shared state plus its own memory. */
export type TClaudeBotState = TBotState & { claude?: TClaudeMemory };

export function readMemory(state: TBotState): TClaudeMemory {
  const parsed = ZClaudeMemorySchema.safeParse((state as TClaudeBotState).claude ?? {});
  return parsed.success ? parsed.data : { history: [], summary: "" };
}

const clip = (s: string, max: number): string => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** What the bot did in a turn, as one line for the history ("[book slot x] Booked for …"). */
export function describeBotTurn(actions: readonly TBotAction[]): string {
  const parts = actions.map((a) => {
    switch (a.type) {
      case "reply":
        return a.text;
      case "ask":
        return a.text;
      case "opt_out":
        return a.confirmation;
      case "propose_slots":
        return `${a.text} [offered slots: ${a.slots.map((s) => `${s.id} (${s.label})`).join(", ")}]`;
      case "qualify":
        return `[recorded ${a.field}: ${a.value}]`;
      case "book":
        return `[booked slot ${a.slotId}]`;
      case "reschedule":
        return `[rescheduled to slot ${a.slotId}]`;
      case "cancel":
        return "[cancelled the appointment]";
      case "escalate":
        return "[handed over to a human agent]";
    }
  });
  return clip(parts.join(" ") || "[no reply]", BOT_TEXT_MAX);
}

/** Append this turn; turns beyond the window are folded into the summary (oldest text dropped first). */
export function rememberTurn(memory: TClaudeMemory, userText: string, actions: readonly TBotAction[]): TClaudeMemory {
  const history = [...memory.history, { user: clip(userText, USER_TEXT_MAX) || "(empty message)", bot: describeBotTurn(actions) }];
  let summary = memory.summary;
  while (history.length > HISTORY_TURNS) {
    const old = history.shift()!;
    summary = `${summary} | customer: ${clip(old.user, 160)} → bot: ${clip(old.bot, 160)}`.replace(/^ \| /, "");
  }
  if (summary.length > SUMMARY_MAX) summary = `…${summary.slice(summary.length - SUMMARY_MAX + 1)}`;
  return { history, summary };
}
