import "server-only";
import type { Prisma } from "@prisma/client";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/core/app-error";
import { getDb } from "@/lib/core/db";
import { ANSWERED } from "./call-state";
import { callData } from "./call.mapper";
import { noteCallEvent } from "./apply-call-event";
import type { TCallDto } from "./call.schema";
import { assertCallOwner, loadAgentCall } from "./load-agent-call";
import { loadCallDto } from "./publish-call-events";

/**
 * DTMF from the agent's keypad. The media-server control API has no "send DTMF" endpoint yet (it
 * decodes the customer's RFC 4733 digits only), so the digits are recorded on the call's timeline
 * with `sent: false` — to be played toward WhatsApp once the gateway can.
 */
export async function sendCallDtmf(o: { principal: Principal; callId: string; digits: string }): Promise<TCallDto> {
  const { call, userId } = await loadAgentCall(o.principal, o.callId);
  assertCallOwner(o.principal, call, userId);
  if (!ANSWERED.has(call.status)) throw new AppError("INVALID_STATE", { userMessage: "Keypad digits can be sent during a call only." });
  const db = await getDb();
  const d = callData(call);
  await db.call.update({ where: { id: call.id }, data: { data: { ...d, dtmf: [...(d.dtmf ?? []), { from: "agent", digits: o.digits, at: Date.now() }] } as Prisma.InputJsonValue } });
  await noteCallEvent(call, "dtmf", { from: "agent", digits: o.digits, sent: false }, userId);
  return loadCallDto(call.id);
}
