import "server-only";
import type { Call, Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { logger, type Logger } from "@/lib/core/logger";
import { transition, type CallEvent, type CallState, type Effect } from "./call-state";
import { callData, fromCallState, toCallState, type TCallData } from "./call.mapper";
import { publishCallChange } from "./publish-call-events";
import { runCallEffects, type EffectContext } from "./run-call-effects";

export interface ApplyCallEventOptions {
  callId: string;
  event: CallEvent;
  /** Idempotency key for the CallEvent row (webhooks: `<wacid>:<event>`); a repeat is a no-op. */
  dedupeKey?: string;
  actorId?: string | null;
  /** Extra facts for the timeline row (Meta's status, media reason, digits…). */
  eventData?: Record<string, unknown>;
  /** Changes to `Call.data` that go with this event (SDPs, Meta's error…), applied even when the state is unchanged. */
  patchData?: (data: TCallData) => TCallData;
  /** Inputs some effects need (Meta's SDP answer for media.apply_answer). */
  context?: Omit<EffectContext, "log">;
  log?: Logger;
  /**
   * Return once the change is committed, leaving publishing and the effects to the caller, who
   * must call the result's `afterCommit` (it logs its own failures). For an agent action whose
   * answer the browser is waiting on: accept's media token.
   */
  deferAfterCommit?: boolean;
}

export interface AppliedCallEvent {
  call: Call;
  previous: CallState;
  changed: boolean;
  effects: Effect[];
  /** With `deferAfterCommit`: publishing and the effects, still to run. */
  afterCommit?: () => Promise<void>;
}

/**
 * The one way a call changes (CONVENTIONS §8): lock the Call row, run the pure state machine, persist
 * the next state and the timeline rows in one transaction, then — after the commit — publish and run
 * the effects (Graph calls, media-server control, routing, messages). A duplicate or stale event is a
 * no-op; an agent action that makes no sense throws AppError(INVALID_STATE) (HTTP 409).
 */
export async function applyCallEvent(o: ApplyCallEventOptions): Promise<AppliedCallEvent> {
  const log = o.log ?? logger.child({ mod: "calls", callId: o.callId });
  const db = await getDb();
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT "id" FROM "Call" WHERE "id" = $1 FOR UPDATE`, o.callId);
    const row = await tx.call.findUnique({ where: { id: o.callId } });
    if (!row) throw new AppError("NOT_FOUND", { userMessage: "No such call." });
    const previous = toCallState(row);
    if (o.dedupeKey && (await tx.callEvent.findUnique({ where: { dedupeKey: o.dedupeKey }, select: { id: true } }))) {
      return { call: row, previous, changed: false, effects: [] as Effect[] };
    }
    const r = transition(previous, o.event);
    if (r instanceof AppError) throw r;
    const data = o.patchData ? o.patchData(callData(row)) : callData(row);
    if (r.effects.length === 0) {
      if (o.patchData) {
        const call = await tx.call.update({ where: { id: row.id }, data: { data: data as Prisma.InputJsonValue } });
        return { call, previous, changed: false, effects: [] as Effect[] };
      }
      return { call: row, previous, changed: false, effects: [] as Effect[] };
    }
    const call = await tx.call.update({ where: { id: row.id }, data: fromCallState(r.next, data) });
    await recordTimeline(tx, call, r.effects, o);
    return { call, previous, changed: true, effects: r.effects };
  });
  if (!result.changed) return result;
  const afterCommit = async () => {
    await publishCallChange(result.call, result.previous, log);
    await runCallEffects({ call: result.call, previous: result.previous, effects: result.effects, context: { ...o.context, log } });
  };
  if (!o.deferAfterCommit) {
    await afterCommit();
    return result;
  }
  return { ...result, afterCommit: () => afterCommit().catch((err: unknown) => log.error({ err, callId: o.callId }, "call effects after commit failed")) };
}

/** The `record.event` effects become CallEvent rows (the first carries the dedupe key). */
export async function recordTimeline(
  tx: Prisma.TransactionClient,
  call: Call,
  effects: Effect[],
  o: Pick<ApplyCallEventOptions, "dedupeKey" | "actorId" | "eventData">,
): Promise<void> {
  let first = true;
  for (const e of effects) {
    if (e.type !== "record.event") continue;
    await tx.callEvent.create({
      data: {
        workspaceId: call.workspaceId,
        callId: call.id,
        type: e.event,
        dedupeKey: first ? (o.dedupeKey ?? null) : null,
        actorId: o.actorId ?? null,
        data: { status: e.status, ...(o.eventData ?? {}) } as Prisma.InputJsonValue,
      },
    });
    first = false;
  }
}

/** A timeline row for something that is not a state change (DTMF, participant added, Graph error…). */
export async function noteCallEvent(call: Pick<Call, "id" | "workspaceId">, type: string, data: Record<string, unknown>, actorId: string | null = null, dedupeKey?: string): Promise<void> {
  const db = await getDb();
  if (dedupeKey) {
    await db.callEvent.createMany({ data: [{ workspaceId: call.workspaceId, callId: call.id, type, actorId, dedupeKey, data: data as Prisma.InputJsonValue }], skipDuplicates: true });
    return;
  }
  await db.callEvent.create({ data: { workspaceId: call.workspaceId, callId: call.id, type, actorId, data: data as Prisma.InputJsonValue } });
}
