import "server-only";
import type { Call, Prisma } from "@prisma/client";
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
import { startMediaWatchdog } from "./check-media-server";
import { finalizeEndedCall } from "./finalize-ended-call";
import { sendCallPermissionRequest } from "./send-call-permission-request";

export interface EffectContext {
  /** Outbound: Meta's SDP answer from the connect webhook (media.apply_answer). */
  remoteSdp?: string;
  log: Logger;
}

/**
 * Executes the state machine's effects, in order, after the commit. Failures of the steps the call
 * cannot live without (creating the WhatsApp leg, pre_accept/accept/connect, applying Meta's answer)
 * are fed back into the state machine as events, so the call ends with the right status and reason
 * instead of being left ringing; best-effort steps (reject/terminate/close) are logged on the timeline.
 */
export async function runCallEffects(o: { call: Call; previous: CallState; effects: Effect[]; context: EffectContext }): Promise<void> {
  const { log } = o.context;
  const callId = o.call.id;
  const { applyCallEvent, noteCallEvent } = await import("./apply-call-event");
  const db = await getDb();
  const fresh = () => db.call.findUniqueOrThrow({ where: { id: callId } });
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
          const row = await fresh();
          if (effect.direction === "inbound") {
            const r = await mediaControl<{ answerSdp: string }>("/control/calls/inbound", { callId, offerSdp: callData(row).offerSdp ?? "" });
            await patch({ localSdp: r.answerSdp });
          } else {
            const r = await mediaControl<{ offerSdp: string }>("/control/calls/outbound", { callId });
            await patch({ localSdp: r.offerSdp });
          }
          await db.callLeg.create({ data: { workspaceId: row.workspaceId, callId, kind: "customer" } });
          await startMediaWatchdog();
        } catch (err) {
          // media-server unreachable or the SDP refused: reject at once, never leave the caller ringing.
          await failCustomerLeg(AppError.is(err, "UNAVAILABLE") ? "media_server_unreachable" : "media_setup_failed", err);
          return;
        }
        break;
      }
      case "graph.pre_accept": {
        const row = await fresh();
        try {
          await (await callingApiForCall(row)).preAccept({ callId: row.metaCallId!, sdp: callData(row).localSdp! });
        } catch (err) {
          await failCustomerLeg("graph_pre_accept_failed", err);
          return;
        }
        break;
      }
      case "graph.accept": {
        const row = await fresh();
        try {
          await (await callingApiForCall(row)).accept({ callId: row.metaCallId!, sdp: callData(row).localSdp!, bizOpaqueCallbackData: row.id });
        } catch (err) {
          await failCustomerLeg("graph_accept_failed", err);
          return;
        }
        break;
      }
      case "graph.connect": {
        const row = await fresh();
        try {
          const d = callData(row);
          const r = await (await callingApiForCall(row)).connect({ to: d.waId!, sdp: d.localSdp!, bizOpaqueCallbackData: row.id });
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
          return;
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
          return;
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
  const after = await fresh();
  if (isTerminal(after.status) && !isTerminal(o.previous.status)) await finalizeEndedCall({ callId, log });
}

function errText(err: unknown): string {
  if (AppError.is(err)) return `${err.code}: ${err.userMessage}`;
  return err instanceof Error ? err.message : String(err);
}
