import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { applyCallEvent } from "./apply-call-event";
import type { TCallDto } from "./call.schema";
import { assertCallOwner, loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/** Hold: the customer hears the media-server's hold tone; the agent's audio is cut. */
export async function holdCall(o: { principal: Principal; callId: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  assertCallOwner(o.principal, call, userId);
  await applyCallEvent({ callId: call.id, event: { type: "hold", agentId: userId, at: Date.now() }, actorId: userId });
  return loadCallDto(call.id);
}
