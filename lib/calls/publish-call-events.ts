import "server-only";
import type { Call } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { enqueueCallLogSync } from "@/lib/crm/enqueue-crm-sync";
import type { Logger } from "@/lib/core/logger";
import { publish } from "@/lib/events/bus";
import { isTerminal, type CallState } from "./call-state";
import { CALL_CONTACT_SELECT, toCallDto } from "./call.mapper";
import type { TCallDto } from "./call.schema";

export async function loadCallDto(callId: string): Promise<TCallDto> {
  const db = await getDb();
  return toCallDto(await db.call.findUniqueOrThrow({ where: { id: callId }, include: CALL_CONTACT_SELECT }));
}

/**
 * After a committed change: `call.updated` to the workspace, `call.ringing` to the agents newly
 * rung (inbound ring or transfer target), `call.ended` once. Publishing is fire-and-forget for the
 * call flow: a failed publish is logged, never undoes the committed state.
 * `skipIfChanged`: the change is published late (after call setup); when the call has moved on
 * meanwhile, that later change published the current state already.
 */
export async function publishCallChange(call: Call, previous: CallState, log: Logger, options: { skipIfChanged?: boolean } = {}): Promise<void> {
  try {
    const dto = await loadCallDto(call.id);
    if (options.skipIfChanged && dto.status !== call.status) return;
    await publish({ type: "call.updated", workspaceId: call.workspaceId, data: { callId: dto.id, status: dto.status, agentId: dto.agentId, conversationId: dto.conversationId, call: dto } });
    const newlyRinging = dto.ringingAgentIds.filter((a) => !previous.ringingAgentIds.includes(a));
    if (newlyRinging.length > 0 && (dto.status === "ringing" || dto.status === "queued")) {
      await publishRinging(call.workspaceId, dto, newlyRinging, "inbound");
    }
    if (dto.transferToAgentId && dto.transferToAgentId !== previous.transferToAgentId) {
      await publishRinging(call.workspaceId, dto, [dto.transferToAgentId], "transfer");
    }
    if (isTerminal(dto.status) && !isTerminal(previous.status)) {
      await publish({ type: "call.ended", workspaceId: call.workspaceId, data: { call: dto } });
    }
  } catch (err) {
    log.error({ err, callId: call.id }, "call event publish failed");
  }
  if (call.status !== previous.status) {
    // The CRM Call Log follows every status change (one idempotent outbox job per call + status).
    // Enqueued after the commit: a crash in between is repaired by the hourly crm.reconcile job.
    try {
      await enqueueCallLogSync({ callId: call.id });
    } catch (err) {
      log.error({ err, callId: call.id }, "CRM call log sync could not be queued");
    }
  }
}

export async function publishRinging(workspaceId: string, call: TCallDto, agentIds: string[], reason: "inbound" | "transfer" | "participant"): Promise<void> {
  await publish({ type: "call.ringing", workspaceId, audience: { users: agentIds }, data: { call, agentIds, reason } });
}
