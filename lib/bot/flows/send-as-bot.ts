import "server-only";
import type { TMessageDto, TSendMessage } from "@/lib/messages/message.schema";
import { sendMessage } from "@/lib/messages/send-message";
import type { TBotActionOf } from "../actions";

/** Sends as the bot (no sender user) through the normal outbox path: window check, job, retries. */
export function sendAsBot(
  workspaceId: string,
  conversationId: string,
  input: TSendMessage,
  now: Date,
): Promise<TMessageDto> {
  return sendMessage({ workspaceId, conversationId, senderUserId: null, input, now });
}

/** A slot offer as a WhatsApp interactive list (≤ 10 rows, titles ≤ 24 chars — the action schema guarantees both). */
export function slotListMessage(action: TBotActionOf<"propose_slots">): TSendMessage {
  return {
    type: "interactive",
    interactive: {
      kind: "list",
      body: action.text,
      button: action.button,
      sections: [
        {
          rows: action.slots.map((s) => ({
            id: s.id,
            title: s.label,
            ...(s.description ? { description: s.description } : {}),
          })),
        },
      ],
    },
  };
}
