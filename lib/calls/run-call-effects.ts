import "server-only";
import type { Call, PhoneNumber, Prisma } from "@prisma/client";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { mediaControl } from "@/lib/media/media-client";
import { ringNextAgents } from "@/lib/routing/ring-next-agents";
import { routeInboundCall } from "@/lib/routing/route-inbound-call";
import { scheduleRingTimeout } from "@/lib/routing/schedule-ring-timeout";
import { isTerminal, type CallState, type Effect } from "./call-state";
import { callData, type TCallData } from "./call.mapper";
import { callingApiForCall } from "./calling-api-for-call";
import { callingApiForNumber } from "./calling-api-for-number";
import { startMediaWatchdog } from "./check-media-server";
import { finalizeEndedCall } from "./finalize-ended-call";
import { sendCallPermissionRequest } from "./send-call-permission-request";

export interface EffectContext {
  /** Outbound: Meta's SDP answer from the connect webhook (media.apply_answer). */
  remoteSdp?: string;
  /** The call's business number when the caller has it at hand (saves a lookup before the Graph call). */
  phone?: PhoneNumber;
  log: Logger;
}

/**
 * Executes the state machine's effects, in order, after the commit. Failures of the steps the call
 * cannot live without (creating the WhatsApp leg, pre_accept/accept/connect, applying Meta's answer)
 * are fed back into the state machine as events, so the call ends with the right status and reason
 * instead of being left ringing; best-effort steps (reject/terminate/close) are logged on the timeline.
 * Resolves false when such a step failed (the rest was skipped; the failure event took over).
 *
 * Call setup is latency-critical (issue 4: `connect` webhook → `pre_accept` within 150 ms), so
 * nothing waits on the database between the new WhatsApp leg and the Graph call that hands Meta its
 * SDP: the leg's bookkeeping (localSdp, CallLeg row, media watchdog) is written after that call, and
 * its failure fails the leg too. A retried job never repeats these effects (the connect is deduped).
 */
export async function runCallEffects(o: { call: Call; previous: CallState; effects: Effect[]; context: EffectContext }): Promise<boolean> {
  const { log } = o.context;
  const callId = o.call.id;
  const { applyCallEvent, noteCallEvent } = await import("./apply-call-event");
  const db = await getDb();
  const fresh = () => db.call.findUniqueOrThrow({ where: { id: callId } });
  const callingApi = (row: Pick<Call, "phoneNumberId" | "workspaceId">) =>
    o.context.phone && o.context.phone.id === row.phoneNumberId ? callingApiForNumber(o.context.phone) : callingApiForCall(row);
  /** The SDP of the leg created by media.create_leg, until its bookkeeping is written. */
  let newLegSdp: string | null = null;
  const saveNewLeg = async (sdp: string) => {
    // Merged into Call.data in one statement: events for this call (a terminate, the leg coming up)
    // may be applied meanwhile, and a read-modify-write of `data` could undo them.
    await db.$executeRawUnsafe(
      `UPDATE "Call" SET "data" = "data" || jsonb_build_object('localSdp', $2::text), "updatedAt" = ($3::timestamptz AT TIME ZONE 'UTC') WHERE "id" = $1`,
      callId,
      sdp,
      new Date().toISOString(),
    );
    await db.callLeg.create({ data: { workspaceId: o.call.workspaceId, callId, kind: "customer" } });
    await startMediaWatchdog();
  };
  /** The Graph call that hands Meta the new leg's SDP, then the leg's bookkeeping. */
  const withNewLeg = async (graphCall: (sdp: string) => Promise<unknown>, storedSdp: () => Promise<string>, failReason: string): Promise<boolean> => {
    const sdp = newLegSdp;
    newLegSdp = null;
    try {
      await graphCall(sdp ?? (await storedSdp()));
    } catch (err) {
      await failCustomerLeg(failReason, err);
      return false;
    }
    try {
      if (sdp !== null) await saveNewLeg(sdp);
    } catch (err) {
      await failCustomerLeg("media_setup_failed", err);
      return false;
    }
    return true;
  };
  const patch = async (p: Partial<TCallData>, columns: Prisma.CallUncheckedUpdateInput = {}) => {
    const row = await fresh();
    return db.call.update({ where: { id: callId }, data: { ...columns, data: { ...callData(row), ...p } as Prisma.InputJsonValue } });
  };
  const failCustomerLeg = async (reason: string, err: unknown) => {
    log.warn({ err, callId, reason }, "call setup step failed");
    await applyCallEvent({ callId, event: { type: "leg_failed", leg: "customer", at: Date.now() }, eventData: { reason, error: errText(err) }, log });
  };
  const bestEffort = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      log.warn({ err, callId, what }, "call side effect failed");
      await noteCallEvent(o.call, "side_effect_failed", { what, error: errText(err) }).catch(() => undefined);
    }
  };

  for (const effect of o.effects) {
    switch (effect.type) {
      case "record.event":
        break; // written in the transaction
      case "media.create_leg": {
        try {
          // The offer is in the committed row (the connect that created the call carried it).
          if (effect.direction === "inbound") {
            newLegSdp = (await mediaControl<{ answerSdp: string }>("/control/calls/inbound", { callId, offerSdp: callData(o.call).offerSdp ?? "" })).answerSdp;
          } else {
            // Outbound is not waited on by Meta: graph.connect reads the stored offer.
            await saveNewLeg((await mediaControl<{ offerSdp: string }>("/control/calls/outbound", { callId })).offerSdp);
          }
        } catch (err) {
          // media-server unreachable or the SDP refused: reject at once, never leave the caller ringing.
          await failCustomerLeg(AppError.is(err, "UNAVAILABLE") ? "media_server_unreachable" : "media_setup_failed", err);
          return false;
        }
        break;
      }
      case "graph.pre_accept": {
        // metaCallId and the number never change for an inbound call: the committed row has them.
        const ok = await withNewLeg(
          async (sdp) => (await callingApi(o.call)).preAccept({ callId: o.call.metaCallId ?? (await fresh()).metaCallId!, sdp }),
          async () => callData(await fresh()).localSdp!,
          "graph_pre_accept_failed",
        );
        if (!ok) return false;
        break;
      }
      case "graph.accept": {
        const row = await fresh();
        try {
          await (await callingApiForCall(row)).accept({ callId: row.metaCallId!, sdp: callData(row).localSdp!, bizOpaqueCallbackData: row.id });
        } catch (err) {
          await failCustomerLeg("graph_accept_failed", err);
          return false;
        }
        break;
      }
      case "graph.connect": {
        const row = await fresh();
        try {
          const d = callData(row);
          const r = await (await callingApi(row)).connect({ to: d.waId!, sdp: d.localSdp!, bizOpaqueCallbackData: row.id });
          await db.call.update({ where: { id: callId }, data: { metaCallId: r.callId } });
        } catch (err) {
          // Meta refused the call (138006 no permission, 138012 daily limit, 138013 country…): keep
          // Meta's code and text for the agent, and end the call as failed.
          const details = AppError.is(err) ? (err.details as { metaCode?: number | null; cause?: string } | undefined) : undefined;
          const message = AppError.is(err) ? err.userMessage : "WhatsApp could not start the call.";
          await patch({ error: { code: details?.metaCode ?? null, message, cause: details?.cause ?? null } });
          await applyCallEvent({
            callId,
            event: { type: "terminate", direction: "outbound", at: Date.now(), metaStatus: "FAILED", ...(details?.metaCode ? { errorCode: details.metaCode } : {}) },
            eventData: { source: "graph_connect", error: message, metaCode: details?.metaCode ?? null },
            log,
          });
          return false;
        }
        break;
      }
      case "graph.reject":
      case "graph.terminate": {
        const row = await fresh();
        if (!row.metaCallId) break; // Meta never knew this call
        const api = await callingApiForCall(row);
        await bestEffort(effect.type, () => (effect.type === "graph.reject" ? api.reject({ callId: row.metaCallId! }) : api.terminate({ callId: row.metaCallId! })));
        break;
      }
      case "media.apply_answer": {
        try {
          await mediaControl("/control/calls/answer", { callId, answerSdp: o.context.remoteSdp ?? callData(await fresh()).remoteSdp ?? "" });
        } catch (err) {
          await failCustomerLeg(AppError.is(err, "UNAVAILABLE") ? "media_server_unreachable" : "media_setup_failed", err);
          return false;
        }
        break;
      }
      case "media.bridge":
        if (o.previous.status === "on_hold" || o.previous.status === "transferring") await bestEffort("media.resume", () => mediaControl("/control/calls/resume", { callId }));
        break;
      case "media.hold":
        if (callData(await fresh()).transferMode === "warm") break; // warm transfer: the customer keeps talking to the first agent
        await bestEffort("media.hold", () => mediaControl("/control/calls/hold", { callId }));
        break;
      case "media.close":
        await bestEffort("media.close", () => mediaControl("/control/calls/close", { callId, reason: effect.reason }));
        break;
      case "routing.enqueue":
        await routeInboundCall({ callId, log });
        break;
      case "routing.ring_agents":
        if (effect.agentIds) await scheduleRingTimeout({ callId, kind: "transfer" });
        else await ringNextAgents({ callId, exclude: effect.excludeAgentIds ?? [], log });
        break;
      case "routing.stop_ringing":
        break; // call.updated (published after the commit) carries the empty ringing list
      case "message.callback_request":
        await bestEffort("callback_request", () => sendCallPermissionRequest({ callId, reason: "abandon", log }));
        break;
    }
  }
  if (newLegSdp !== null) await saveNewLeg(newLegSdp);
  const after = await fresh();
  if (isTerminal(after.status) && !isTerminal(o.previous.status)) await finalizeEndedCall({ callId, log });
  return true;
}

function errText(err: unknown): string {
  if (AppError.is(err)) return `${err.code}: ${err.userMessage}`;
  return err instanceof Error ? err.message : String(err);
}
