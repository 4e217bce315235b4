import "server-only";
import { findFreeSlots } from "@/lib/appointments/find-free-slots";
import { loadKnowledgeForBot } from "@/lib/knowledge/load-knowledge-for-bot";
import type { TBotState } from "../bot-state";
import type { TBotMessage, TBotTurnInput, TSlotOption } from "../engine";
import type { TBotLanguage } from "../language";

/**
 * What an engine sees for one turn: this workspace's knowledge base (the engines pick the relevant
 * entries), the free slots of the contact's agent (or of every agent with hours), and the
 * conversation's own state — nothing about other contacts.
 */
export async function prepareTurnInput(o: {
  workspaceId: string;
  agentId: string | null;
  message: TBotMessage;
  state: TBotState;
  language?: TBotLanguage;
  now: Date;
}): Promise<TBotTurnInput> {
  const language = o.state.language ?? o.language;
  const [knowledge, slots] = await Promise.all([
    loadKnowledgeForBot(o.workspaceId),
    findFreeSlots({
      workspaceId: o.workspaceId,
      agentId: o.agentId,
      count: 10,
      language: language ?? "en",
      now: o.now,
    }),
  ]);
  const availableSlots: TSlotOption[] = slots.map((s) => ({
    id: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    label: s.label,
    description: s.description,
    timeZone: s.timeZone,
  }));
  return {
    message: o.message,
    ...(language ? { language } : {}),
    state: o.state,
    knowledge,
    now: o.now,
    availableSlots,
  };
}
