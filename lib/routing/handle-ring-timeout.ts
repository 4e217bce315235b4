import "server-only";
import { getDb } from "@/lib/core/db";
import type { Logger } from "@/lib/core/logger";
import { callData } from "@/lib/calls/call.mapper";
import { ringNextAgents } from "./ring-next-agents";

/**
 * A ring timer fired. Timers are never cancelled; each checks that it still applies: abandon only
 * while the inbound call still waits (ringing/queued), transfer only for the current attempt
 * (`ringSeq`) while transferring, escalate only while ringing.
 */
export async function handleRingTimeout(o: { callId: string; kind: "abandon" | "escalate" | "transfer"; seq: number; log: Logger }): Promise<{ applied: boolean }> {
  const { applyCallEvent } = await import("@/lib/calls/apply-call-event");
  const db = await getDb();
  const call = await db.call.findUnique({ where: { id: o.callId } });
  if (!call) return { applied: false };
  const waiting = call.direction === "inbound" && (call.status === "ringing" || call.status === "queued");
  if (o.kind === "escalate") {
    if (call.status !== "ringing") return { applied: false };
    await ringNextAgents({ callId: call.id, exclude: [], log: o.log });
    return { applied: true };
  }
  if (o.kind === "abandon" && !waiting) return { applied: false };
  if (o.kind === "transfer" && (call.status !== "transferring" || (callData(call).ringSeq ?? 0) !== o.seq)) return { applied: false };
  const r = await applyCallEvent({ callId: call.id, event: { type: "ring_timeout", at: Date.now() }, eventData: { timer: o.kind }, dedupeKey: `${call.id}:ring_timeout:${o.kind}:${o.seq}`, log: o.log });
  return { applied: r.changed };
}
