import "server-only";
import type { Prisma } from "@prisma/client";
import { getDb } from "@/lib/core/db";
import { callData } from "@/lib/calls/call.mapper";
import { callingSettingsOf } from "@/lib/calls/calling-settings";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { pokeJobRunner } from "@/lib/messages/poke-job-runner";

export type TRingTimerKind = "abandon" | "escalate" | "transfer";

/**
 * Starts a ring timer as a delayed job (`call.ring_timeout`), so it survives a web restart.
 * abandon: the inbound call's total ring time (settings.calling.ringTimeoutSec, default 30 s — Meta
 * gives 30–60 s before the caller sees "Not answered", reference §6.3). escalate: the contact's own
 * agent rang alone for a third of that; ring the others. transfer: the target's ring time; `ringSeq`
 * tells a timer of an earlier transfer attempt from the current one.
 */
export async function scheduleRingTimeout(o: { callId: string; kind: TRingTimerKind }): Promise<void> {
  const db = await getDb();
  const call = await db.call.findUniqueOrThrow({ where: { id: o.callId }, include: { workspace: { select: { settings: true } } } });
  const settings = callingSettingsOf(call.workspace.settings);
  let seq = callData(call).ringSeq ?? 0;
  if (o.kind === "transfer") {
    seq += 1;
    await db.call.update({ where: { id: call.id }, data: { data: { ...callData(call), ringSeq: seq } as Prisma.InputJsonValue } });
  }
  const delayMs = (o.kind === "escalate" ? Math.max(3, Math.floor(settings.ringTimeoutSec / 3)) : settings.ringTimeoutSec) * 1000;
  await enqueueJob({
    name: "call.ring_timeout",
    workspaceId: call.workspaceId,
    payload: { callId: call.id, kind: o.kind, seq },
    runAt: new Date(Date.now() + delayMs),
    idempotencyKey: `call.ring_timeout:${call.id}:${o.kind}:${seq}`,
  });
  pokeJobRunner();
}
