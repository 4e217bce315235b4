import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { applyCallEvent } from "./apply-call-event";
import type { TCallDto } from "./call.schema";
import { loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/** The agent declines a ringing call (or a transfer to them): the next agents ring (state machine). */
export async function declineCall(o: { principal: Principal; callId: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  await applyCallEvent({ callId: call.id, event: { type: "decline", agentId: userId, at: Date.now() }, actorId: userId });
  return loadCallDto(call.id);
}
