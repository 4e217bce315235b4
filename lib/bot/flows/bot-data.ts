import { parseBotState, type TBotState } from "../bot-state";

/**
 * What `Conversation.botData` holds: the engines' state plus the flow's own bookkeeping (which
 * inbound message was answered last — bot.turn is idempotent per message — when the bot handed off,
 * and when the out-of-hours reply last went out).
 */
export interface TFlowData {
  lastMessageId?: string;
  handedOffAt?: string;
  outOfHoursAt?: string;
}

export function readBotData(raw: unknown): { state: TBotState; flow: TFlowData } {
  const flowRaw = raw && typeof raw === "object" ? (raw as { flow?: unknown }).flow : undefined;
  const flow = flowRaw && typeof flowRaw === "object" ? (flowRaw as TFlowData) : {};
  return { state: parseBotState(raw), flow };
}

export function writeBotData(state: TBotState, flow: TFlowData): Record<string, unknown> {
  return { ...state, flow };
}
