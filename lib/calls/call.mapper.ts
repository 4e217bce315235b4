import type { Call, CallEvent, CallLeg, Prisma } from "@prisma/client";
import type { CallState, EndReason } from "./call-state";
import type { TCallDetailDto, TCallDto } from "./call.schema";

/**
 * `Call.data` (JSON): the parts of the state machine's CallState that have no column, plus the
 * SDPs and routing bookkeeping. Columns hold status, agent, times, duration, end reason.
 */
export interface TCallData {
  ringingAgentIds?: string[];
  transferToAgentId?: string | null;
  metaConnectAt?: number | null;
  customerLegAt?: number | null;
  agentLegAt?: number | null;
  errorCode?: number | null;
  /** Meta's refusal or terminate error, for display. */
  error?: { code: number | null; message: string; cause: string | null } | null;
  /** Inbound: Meta's offer. */
  offerSdp?: string;
  /** Our SDP: the gateway's answer (inbound; pre_accept and accept carry the same) or its offer (outbound). */
  localSdp?: string;
  /** Outbound: Meta's answer from the connect webhook. */
  remoteSdp?: string;
  /** Agents who declined or failed to join this call: not rung again. */
  declinedAgentIds?: string[];
  /** Bumped each time a ring timer starts; a timer job for an older ring is stale. */
  ringSeq?: number;
  /** Warm transfer / added participant: agents in the room besides the owner. */
  participantIds?: string[];
  /** Transfer in progress: cold (customer on hold) or warm (first agent stays until the second joins). */
  transferMode?: "cold" | "warm";
  /** Set once the end-of-call work (thread entry, legs, CRM) has run. */
  finalized?: boolean;
  /** The user's WhatsApp id the call is with. */
  waId?: string;
}

export type TCallRow = Call & { contact?: { name: string | null; phone: string | null; waId: string } | null };

export function callData(row: Pick<Call, "data">): TCallData {
  return (row.data && typeof row.data === "object" && !Array.isArray(row.data) ? row.data : {}) as TCallData;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function toCallState(row: Call): CallState {
  const d = callData(row);
  return {
    status: row.status,
    direction: row.direction,
    agentId: row.agentId,
    ringingAgentIds: d.ringingAgentIds ?? [],
    transferToAgentId: d.transferToAgentId ?? null,
    startedAt: row.startedAt.getTime(),
    metaConnectAt: d.metaConnectAt ?? null,
    customerLegAt: d.customerLegAt ?? null,
    agentLegAt: d.agentLegAt ?? null,
    answeredAt: ms(row.answeredAt),
    endedAt: ms(row.endedAt),
    durationSec: row.durationSec,
    endReason: (row.endReason as EndReason | null) ?? null,
    errorCode: d.errorCode ?? null,
  };
}

/** The columns and data patch that persist a CallState. */
export function fromCallState(state: CallState, data: TCallData): Prisma.CallUncheckedUpdateInput {
  return {
    status: state.status,
    agentId: state.agentId,
    answeredAt: state.answeredAt === null ? null : new Date(state.answeredAt),
    endedAt: state.endedAt === null ? null : new Date(state.endedAt),
    durationSec: state.durationSec,
    endReason: state.endReason,
    data: {
      ...data,
      ringingAgentIds: state.ringingAgentIds,
      transferToAgentId: state.transferToAgentId,
      metaConnectAt: state.metaConnectAt,
      customerLegAt: state.customerLegAt,
      agentLegAt: state.agentLegAt,
      errorCode: state.errorCode,
    } as Prisma.InputJsonValue,
  };
}

export function toCallDto(row: TCallRow): TCallDto {
  const d = callData(row);
  return {
    id: row.id,
    direction: row.direction,
    status: row.status,
    endReason: (row.endReason as EndReason | null) ?? null,
    contactId: row.contactId,
    contactName: row.contact?.name ?? null,
    contactPhone: row.contact?.phone ?? (row.contact?.waId ? `+${row.contact.waId}` : null),
    conversationId: row.conversationId,
    agentId: row.agentId,
    ringingAgentIds: d.ringingAgentIds ?? [],
    transferToAgentId: d.transferToAgentId ?? null,
    startedAt: row.startedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSec: row.durationSec,
    error: d.error ?? null,
  };
}

export function toCallDetailDto(row: TCallRow & { events: CallEvent[] }, legs: CallLeg[]): TCallDetailDto {
  return {
    ...toCallDto(row),
    events: row.events.map((e) => ({
      id: e.id,
      type: e.type,
      actorId: e.actorId,
      data: (e.data && typeof e.data === "object" && !Array.isArray(e.data) ? e.data : {}) as Record<string, unknown>,
      createdAt: e.createdAt.toISOString(),
    })),
    legs: legs.map((l) => ({ id: l.id, kind: l.kind, userId: l.userId, joinedAt: l.joinedAt.toISOString(), leftAt: l.leftAt?.toISOString() ?? null, endReason: l.endReason })),
  };
}

export const CALL_CONTACT_SELECT = { contact: { select: { name: true, phone: true, waId: true } } } as const;
