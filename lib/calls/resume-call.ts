import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { applyCallEvent } from "./apply-call-event";
import type { TCallDto } from "./call.schema";
import { assertCallOwner, loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/** Resume a held call: customer and agent hear each other again. */
export async function resumeCall(o: { principal: Principal; callId: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  assertCallOwner(o.principal, call, userId);
  await applyCallEvent({ callId: call.id, event: { type: "resume", agentId: userId, at: Date.now() }, actorId: userId });
  return loadCallDto(call.id);
}
