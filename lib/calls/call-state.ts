import { AppError } from "@/lib/core/app-error";

/**
 * The call state machine: a pure function from (state, event) to (next state, effects). The DB
 * `Call` row is the truth; webhooks, agent actions, routing timers and media-server reports are all
 * applied through `transition`, and the caller persists `next` and runs `effects` (as data) after
 * the commit. No I/O here, no clocks: every event carries its own `at` (epoch ms).
 *
 * Rules (CONVENTIONS §8, issue 4 §3):
 * - Monotonic: a terminal status is never left. Statuses after the end are no-ops.
 * - Idempotent: a duplicate or stale event returns `{ next: state, effects: [] }` (same object).
 * - Facts from outside (webhooks, routing, media-server) never fail: they apply or are no-ops,
 *   because a webhook job that throws is retried forever. Only agent actions (dial, accept, decline,
 *   hold, resume, transfer_start, transfer_complete, hangup) can be refused, with INVALID_STATE.
 * - Meta does not keep order: `terminate` can arrive before `connect` when the user hangs up within
 *   about a second (reference §8 pitfall 2; chatwoot had calls stuck "ringing" until it handled it).
 *   A terminate for an unknown call ends it at once (a tombstone), without media; the late connect
 *   is then a no-op, so no media leg is ever created for it.
 */

export const CALL_STATUSES = [
  "ringing",
  "queued",
  "connecting",
  "in_progress",
  "on_hold",
  "transferring",
  "completed",
  "missed",
  "no_answer",
  "rejected",
  "failed",
  "abandoned",
] as const;
/** Same members as the Prisma enum `CallStatus`. */
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * Live statuses:
 * - `ringing` — inbound: Meta's offer arrived, the call is pre-accepted and agents are being rung
 *   (the caller hears WhatsApp's own ringback; Meta has no "180 Ringing"). Outbound: Meta reported
 *   RINGING (the customer's phone rings).
 * - `queued` — inbound: no agent free; the call waits (the gateway keeps comfort noise flowing so
 *   Meta's 20-second no-media rule does not end it).
 * - `connecting` — inbound: an agent accepted; waiting for both legs (customer ICE/DTLS with Meta,
 *   agent's browser) before `accept` is sent. Outbound: `connect` sent, waiting for Meta's answer
 *   and statuses.
 * - `in_progress` — talking. `on_hold` — customer hears the hold tone. `transferring` — customer on
 *   hold while another agent is rung.
 * Terminal statuses:
 * - `completed` — answered and ended normally. `missed` — inbound, the caller hung up before an
 *   agent answered (includes terminate-before-connect). `no_answer` — outbound, not answered (or
 *   cancelled by the agent). `rejected` — outbound REJECTED by the customer, or inbound refused by
 *   us before media came up (bad SDP, media-server unreachable). `failed` — media or Meta failure.
 *   `abandoned` — inbound, we gave up: ring timeout, no agents, queue overflow (abandon recovery
 *   sends a callback-permission request).
 */
export const TERMINAL: ReadonlySet<CallStatus> = new Set(["completed", "missed", "no_answer", "rejected", "failed", "abandoned"]);
export const ANSWERED: ReadonlySet<CallStatus> = new Set(["in_progress", "on_hold", "transferring"]);

export function isTerminal(status: CallStatus): boolean {
  return TERMINAL.has(status);
}

/** Why a call ended. Closed list (stored in `Call.endReason`), in the style of LiveKit's close reasons. */
export const END_REASONS = [
  /** The customer hung up (Meta's terminate webhook on a live call, not caused by us). */
  "customer_hangup",
  /** An agent (or supervisor) hung up. */
  "agent_hangup",
  /** Outbound: the agent cancelled before the customer answered. */
  "agent_cancelled",
  /** Outbound: Meta's REJECTED status — the customer declined. */
  "customer_rejected",
  /** Outbound: the customer did not answer (terminate before ACCEPTED, or our ring timeout). */
  "customer_no_answer",
  /** A terminate webhook for a call we had not seen yet (terminate before connect). */
  "terminated_before_connect",
  /** Inbound: no agent answered within the ring timeout. */
  "ring_timeout",
  /** Inbound: no agent available (none online, outside calling hours). */
  "no_agents",
  /** Inbound: the queue is full. */
  "queue_overflow",
  /** The WhatsApp leg never came up (invalid SDP, ICE/DTLS failure, media-server refused the leg). */
  "media_setup_failed",
  /** The WhatsApp leg failed after it was up. */
  "media_failed",
  /** The agent's browser leg failed mid-call. */
  "agent_leg_failed",
  /** No media from Meta for too long (the relay went silent). */
  "media_timeout",
  /** The media-server hosting the call stopped answering. */
  "media_server_lost",
  /** Meta ended the call with an error (terminate `status: FAILED` / `errors[]`; code in `errorCode`). */
  "meta_error",
] as const;
export type EndReason = (typeof END_REASONS)[number];

export type CallDirection = "inbound" | "outbound";

export interface CallState {
  status: CallStatus;
  direction: CallDirection;
  /** The agent who owns the call (accepted it, or dialled it). */
  agentId: string | null;
  /** Inbound: agents whose softphones are ringing now. */
  ringingAgentIds: string[];
  /** Transfer target while `transferring`. */
  transferToAgentId: string | null;
  /** When the call began for us (connect webhook, or the agent's dial). */
  startedAt: number;
  /** Outbound: when Meta's connect webhook (with its SDP answer) arrived. Inbound: = startedAt. */
  metaConnectAt: number | null;
  /** When the WhatsApp leg's ICE/DTLS came up. */
  customerLegAt: number | null;
  /** When the agent's browser leg came up. */
  agentLegAt: number | null;
  /** When talk began (inbound: both legs up and `accept` sent; outbound: Meta's ACCEPTED). */
  answeredAt: number | null;
  endedAt: number | null;
  /** Talk time: Meta's `duration` when its terminate carries one, else endedAt − answeredAt. Null when never answered. */
  durationSec: number | null;
  endReason: EndReason | null;
  /** Meta's error code from a terminate webhook (e.g. 138021), for display through calling-errors. */
  errorCode: number | null;
}

export type CallEvent =
  // Webhooks (field `calls`)
  | { type: "connect"; direction: CallDirection; at: number }
  | { type: "status"; status: "RINGING" | "ACCEPTED" | "REJECTED"; at: number }
  | { type: "terminate"; direction: CallDirection; at: number; metaStatus?: "COMPLETED" | "FAILED"; durationSec?: number; errorCode?: number }
  // Agent actions
  | { type: "dial"; agentId: string; at: number }
  | { type: "accept"; agentId: string; at: number }
  | { type: "decline"; agentId: string; at: number }
  | { type: "hold"; agentId?: string; at: number }
  | { type: "resume"; agentId?: string; at: number }
  | { type: "transfer_start"; toAgentId: string; agentId?: string; at: number }
  | { type: "transfer_complete"; agentId: string; at: number }
  | { type: "hangup"; agentId?: string; at: number }
  // Routing (the queue engine and its timers)
  | { type: "ring"; agentIds: string[]; at: number }
  | { type: "queued"; at: number }
  | { type: "ring_timeout"; at: number }
  | { type: "no_agents"; at: number }
  | { type: "overflow"; at: number }
  // media-server reports
  | { type: "leg_connected"; leg: "customer" | "agent"; agentId?: string; at: number }
  | { type: "leg_failed"; leg: "customer" | "agent"; agentId?: string; at: number }
  | { type: "media_timeout"; at: number }
  | { type: "media_server_lost"; at: number };

export type CallEventType = CallEvent["type"];

export const AGENT_ACTIONS: ReadonlySet<CallEventType> = new Set([
  "dial",
  "accept",
  "decline",
  "hold",
  "resume",
  "transfer_start",
  "transfer_complete",
  "hangup",
]);

/** What the caller must do after persisting `next`. Executed in order. */
export type Effect =
  /** Append a CallEvent row (the timeline). Always first when something changed. */
  | { type: "record.event"; event: CallEventType; status: CallStatus }
  /** Graph `pre_accept` with the gateway's answer (inbound, right after the leg is created). */
  | { type: "graph.pre_accept" }
  /** Graph `accept` with the same answer SDP as pre_accept; media toward the caller starts after its 200. */
  | { type: "graph.accept" }
  /** Graph `reject`: refuse an inbound call that was never accepted. */
  | { type: "graph.reject" }
  /** Graph `terminate`: end an accepted inbound call or any outbound call. */
  | { type: "graph.terminate" }
  /** Graph `connect` with the gateway's offer (outbound). */
  | { type: "graph.connect" }
  /** Ask the media-server for a WhatsApp leg: inbound answers Meta's offer, outbound makes an offer. */
  | { type: "media.create_leg"; direction: CallDirection }
  /** Outbound: hand Meta's SDP answer (connect webhook) to the gateway. */
  | { type: "media.apply_answer" }
  /** Connect customer ⇄ agent audio (stops comfort noise / hold tone). */
  | { type: "media.bridge" }
  /** Customer hears the hold tone; the agent's audio is cut. */
  | { type: "media.hold" }
  /** Close the call's room and legs. */
  | { type: "media.close"; reason: EndReason }
  /** Put the inbound call into the routing queue. */
  | { type: "routing.enqueue" }
  /** Ring agents: the given ones (transfer target), or the next ones by policy, skipping `excludeAgentIds`. */
  | { type: "routing.ring_agents"; agentIds?: string[]; excludeAgentIds?: string[] }
  /** Stop every softphone ringing for this call. */
  | { type: "routing.stop_ringing" }
  /** Abandon recovery: send the customer a WhatsApp call-permission request so an agent can call back. */
  | { type: "message.callback_request" };

export interface Transition<S extends CallState | null = CallState> {
  next: S;
  effects: Effect[];
}

type Result<S extends CallState | null> = Transition<S> | AppError;

/**
 * Apply one event. Returns the next state and effects, the same state with no effects for a
 * duplicate/stale event, or an `AppError("INVALID_STATE")` for an agent action that makes no sense
 * in this state. `state` null means no call is known yet.
 */
export function transition(state: CallState, event: CallEvent): Result<CallState>;
export function transition(state: CallState | null, event: CallEvent): Result<CallState | null>;
export function transition(state: CallState | null, event: CallEvent): Result<CallState | null> {
  if (state === null) return fromNothing(event);
  if (isTerminal(state.status)) {
    // Statuses after the end are no-ops; a repeated hangup is too. Other agent actions are refused.
    return AGENT_ACTIONS.has(event.type) && event.type !== "hangup" ? invalid(state, event) : noop(state);
  }
  switch (event.type) {
    case "connect":
      return onConnect(state, event);
    case "status":
      return onStatus(state, event);
    case "terminate":
      return onTerminate(state, event);
    case "dial":
      return invalid(state, event);
    case "accept":
      return onAccept(state, event);
    case "decline":
      return onDecline(state, event);
    case "hold":
      if (state.status === "on_hold") return noop(state);
      if (state.status !== "in_progress") return invalid(state, event);
      return change(state, event, { status: "on_hold" }, [{ type: "media.hold" }]);
    case "resume":
      if (state.status === "in_progress") return noop(state);
      if (state.status !== "on_hold") return invalid(state, event);
      return change(state, event, { status: "in_progress" }, [{ type: "media.bridge" }]);
    case "transfer_start":
      return onTransferStart(state, event);
    case "transfer_complete":
      return onTransferComplete(state, event);
    case "hangup":
      return onHangup(state, event);
    case "ring":
      return onRing(state, event);
    case "queued":
      if (state.direction !== "inbound" || state.status !== "ringing") return noop(state);
      return change(state, event, { status: "queued", ringingAgentIds: [] }, []);
    case "ring_timeout":
      if (state.status === "transferring") return endTransferAttempt(state, event);
      if (state.direction === "outbound" && (state.status === "connecting" || state.status === "ringing")) {
        return end(state, event, "no_answer", "customer_no_answer", [{ type: "graph.terminate" }]);
      }
      return abandon(state, event, "ring_timeout");
    case "no_agents":
      return abandon(state, event, "no_agents");
    case "overflow":
      return abandon(state, event, "queue_overflow");
    case "leg_connected":
      return onLegConnected(state, event);
    case "leg_failed":
      return onLegFailed(state, event);
    case "media_timeout":
      return end(state, event, "failed", "media_timeout", [graphClose(state)]);
    case "media_server_lost":
      // The server and its legs are gone: nothing to close there.
      return end(state, event, "failed", "media_server_lost", [graphClose(state)], { closeMedia: false });
  }
}

/** Seconds of talk between answer and end (rounded), or null when never answered. */
export function talkSeconds(answeredAt: number | null, endedAt: number): number | null {
  return answeredAt === null ? null : Math.max(0, Math.round((endedAt - answeredAt) / 1000));
}

// ── no call yet ────────────────────────────────────────────────────────────────────────────────

function fromNothing(event: CallEvent): Result<CallState | null> {
  switch (event.type) {
    case "connect": {
      if (event.direction !== "inbound") return { next: null, effects: [] }; // an answer for a call we never dialled
      const next = blank("inbound", event.at, { status: "ringing", metaConnectAt: event.at });
      return {
        next,
        effects: [
          record(event, next),
          { type: "media.create_leg", direction: "inbound" },
          { type: "graph.pre_accept" },
          { type: "routing.enqueue" },
        ],
      };
    }
    case "dial": {
      const next = blank("outbound", event.at, { status: "connecting", agentId: event.agentId });
      return { next, effects: [record(event, next), { type: "media.create_leg", direction: "outbound" }, { type: "graph.connect" }] };
    }
    case "terminate": {
      // Terminate before connect: remember the call as ended so the late connect is a no-op.
      const next = blank(event.direction, event.at, {
        status: event.direction === "inbound" ? "missed" : "failed",
        endedAt: event.at,
        endReason: "terminated_before_connect",
        errorCode: event.errorCode ?? null,
      });
      return { next, effects: [record(event, next)] };
    }
    default:
      if (AGENT_ACTIONS.has(event.type)) {
        return new AppError("INVALID_STATE", { message: `${event.type} on a call that does not exist`, details: { status: null, event: event.type } });
      }
      return { next: null, effects: [] };
  }
}

function blank(direction: CallDirection, at: number, patch: Partial<CallState>): CallState {
  return {
    status: "ringing",
    direction,
    agentId: null,
    ringingAgentIds: [],
    transferToAgentId: null,
    startedAt: at,
    metaConnectAt: null,
    customerLegAt: null,
    agentLegAt: null,
    answeredAt: null,
    endedAt: null,
    durationSec: null,
    endReason: null,
    errorCode: null,
    ...patch,
  };
}

// ── webhooks ─────────────────────────────────────────────────────────────────────────────────────

type E<T extends CallEventType> = Extract<CallEvent, { type: T }>;

function onConnect(state: CallState, event: E<"connect">): Result<CallState> {
  // Inbound: a duplicate. Outbound: Meta's answer — apply it once.
  if (state.direction !== "outbound" || event.direction !== "outbound" || state.metaConnectAt !== null) return noop(state);
  return change(state, event, { metaConnectAt: event.at }, [{ type: "media.apply_answer" }]);
}

function onStatus(state: CallState, event: E<"status">): Result<CallState> {
  // Statuses exist for business-initiated calls only. ACCEPTED "typically arrives after the call has
  // been established" (reference §6.4): media is gated on ICE/DTLS, talk time on ACCEPTED.
  if (state.direction !== "outbound") return noop(state);
  const beforeAnswer = state.status === "connecting" || state.status === "ringing";
  switch (event.status) {
    case "RINGING":
      return state.status === "connecting" ? change(state, event, { status: "ringing" }, []) : noop(state);
    case "ACCEPTED":
      return beforeAnswer ? change(state, event, { status: "in_progress", answeredAt: event.at }, [{ type: "media.bridge" }]) : noop(state);
    case "REJECTED":
      // Meta ends the call itself and a terminate webhook follows: no Graph call.
      return beforeAnswer ? end(state, event, "rejected", "customer_rejected", []) : noop(state);
  }
}

function onTerminate(state: CallState, event: E<"terminate">): Result<CallState> {
  const patch = { errorCode: event.errorCode ?? null };
  if (state.answeredAt !== null) {
    const failed = event.metaStatus === "FAILED";
    return end(state, event, failed ? "failed" : "completed", failed ? "meta_error" : "customer_hangup", [], {
      durationSec: event.durationSec,
      patch,
    });
  }
  if (state.direction === "inbound") {
    // Exact terminate `status` for a missed user-initiated call is UNCONFIRMED (reference §6.5);
    // chatwoot maps terminate-without-accept to missed, and so do we, whatever the status says.
    return end(state, event, "missed", event.errorCode ? "meta_error" : "customer_hangup", [{ type: "message.callback_request" }], { patch });
  }
  if (event.metaStatus === "FAILED") return end(state, event, "failed", "meta_error", [], { patch });
  return end(state, event, "no_answer", "customer_no_answer", [], { patch });
}

// ── agent actions ────────────────────────────────────────────────────────────────────────────────

function onAccept(state: CallState, event: E<"accept">): Result<CallState> {
  if (state.direction !== "inbound") return invalid(state, event);
  if (state.status === "ringing" || state.status === "queued") {
    return change(state, event, { status: "connecting", agentId: event.agentId, ringingAgentIds: [] }, [
      { type: "routing.stop_ringing" },
    ]);
  }
  // The same agent clicking twice is a duplicate; anyone else lost the race (reference §8 pitfall 15).
  if (state.agentId === event.agentId && (state.status === "connecting" || ANSWERED.has(state.status))) return noop(state);
  return invalid(state, event);
}

function onDecline(state: CallState, event: E<"decline">): Result<CallState> {
  if (state.direction === "inbound" && (state.status === "ringing" || state.status === "queued")) {
    if (!state.ringingAgentIds.includes(event.agentId)) return noop(state);
    return change(state, event, { ringingAgentIds: state.ringingAgentIds.filter((a) => a !== event.agentId) }, [
      { type: "routing.ring_agents", excludeAgentIds: [event.agentId] },
    ]);
  }
  if (state.status === "transferring" && event.agentId === state.transferToAgentId) return endTransferAttempt(state, event);
  return invalid(state, event);
}

function onTransferStart(state: CallState, event: E<"transfer_start">): Result<CallState> {
  if (state.status === "transferring" && state.transferToAgentId === event.toAgentId) return noop(state);
  if ((state.status !== "in_progress" && state.status !== "on_hold") || event.toAgentId === state.agentId) return invalid(state, event);
  return change(state, event, { status: "transferring", transferToAgentId: event.toAgentId }, [
    ...(state.status === "in_progress" ? [{ type: "media.hold" } as const] : []),
    { type: "routing.ring_agents", agentIds: [event.toAgentId] },
  ]);
}

function onTransferComplete(state: CallState, event: E<"transfer_complete">): Result<CallState> {
  if (state.status === "transferring" && state.transferToAgentId === event.agentId) {
    return change(state, event, { status: "in_progress", agentId: event.agentId, transferToAgentId: null }, [{ type: "media.bridge" }]);
  }
  if (ANSWERED.has(state.status) && state.status !== "transferring" && state.agentId === event.agentId) return noop(state);
  return invalid(state, event);
}

function onHangup(state: CallState, event: E<"hangup">): Result<CallState> {
  if (state.answeredAt !== null) return end(state, event, "completed", "agent_hangup", [{ type: "graph.terminate" }]);
  if (state.direction === "outbound") return end(state, event, "no_answer", "agent_cancelled", [{ type: "graph.terminate" }]);
  return end(state, event, "abandoned", "agent_hangup", [{ type: "graph.reject" }, { type: "message.callback_request" }]);
}

// ── routing ──────────────────────────────────────────────────────────────────────────────────────

function onRing(state: CallState, event: E<"ring">): Result<CallState> {
  if (state.direction !== "inbound" || (state.status !== "ringing" && state.status !== "queued") || event.agentIds.length === 0) return noop(state);
  const same =
    state.status === "ringing" &&
    state.ringingAgentIds.length === event.agentIds.length &&
    event.agentIds.every((a) => state.ringingAgentIds.includes(a));
  if (same) return noop(state);
  return change(state, event, { status: "ringing", ringingAgentIds: [...event.agentIds] }, []);
}

function abandon(state: CallState, event: CallEvent, reason: EndReason): Result<CallState> {
  if (state.direction !== "inbound" || (state.status !== "ringing" && state.status !== "queued")) return noop(state);
  return end(state, event, "abandoned", reason, [{ type: "graph.reject" }, { type: "message.callback_request" }]);
}

/** The transfer target declined or did not answer: the customer stays on hold with the first agent. */
function endTransferAttempt(state: CallState, event: CallEvent): Result<CallState> {
  return change(state, event, { status: "on_hold", transferToAgentId: null }, [{ type: "routing.stop_ringing" }]);
}

// ── media-server ─────────────────────────────────────────────────────────────────────────────────

function onLegConnected(state: CallState, event: E<"leg_connected">): Result<CallState> {
  const key = event.leg === "customer" ? "customerLegAt" : "agentLegAt";
  if (state[key] !== null) return noop(state);
  if (event.leg === "agent" && state.status === "transferring") return noop(state); // the target's leg; transfer_complete decides
  // An agent joins the room only after accepting (web hands out the join token on accept), so an
  // agent leg while nobody owns the call is stale.
  if (event.leg === "agent" && state.agentId === null) return noop(state);
  const patch: Partial<CallState> = { [key]: event.at };
  const bothUp = (event.leg === "customer" ? state.agentLegAt : state.customerLegAt) !== null;
  if (state.direction === "inbound" && state.status === "connecting" && bothUp) {
    // Meta: accept only once ICE/DTLS is up, and start media only after accept's 200 OK.
    return change(state, event, { ...patch, status: "in_progress", answeredAt: event.at }, [{ type: "graph.accept" }, { type: "media.bridge" }]);
  }
  return change(state, event, patch, []);
}

function onLegFailed(state: CallState, event: E<"leg_failed">): Result<CallState> {
  if (event.leg === "customer") {
    const reason: EndReason = state.customerLegAt === null ? "media_setup_failed" : "media_failed";
    // An inbound call whose WhatsApp leg never came up is refused (issue 4 §9: bad SDP → rejected).
    const status: CallStatus = state.direction === "inbound" && state.answeredAt === null && state.customerLegAt === null ? "rejected" : "failed";
    return end(state, event, status, reason, [graphClose(state)]);
  }
  if (state.status === "transferring" && event.agentId !== undefined && event.agentId === state.transferToAgentId) {
    return endTransferAttempt(state, event);
  }
  if (state.direction === "inbound" && state.status === "connecting") {
    // The accepting agent's browser could not join: ring the others.
    const failed = state.agentId;
    return change(state, event, { status: "ringing", agentId: null, agentLegAt: null }, [
      { type: "routing.ring_agents", ...(failed ? { excludeAgentIds: [failed] } : {}) },
    ]);
  }
  if (state.direction === "inbound" && (state.status === "ringing" || state.status === "queued")) return noop(state); // no agent leg yet
  return end(state, event, "failed", "agent_leg_failed", [graphClose(state)]);
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────────

/** How we end the call toward Meta: `reject` while an inbound call was never accepted, else `terminate`. */
function graphClose(state: CallState): Effect {
  return state.direction === "inbound" && state.answeredAt === null ? { type: "graph.reject" } : { type: "graph.terminate" };
}

function record(event: CallEvent, next: CallState): Effect {
  return { type: "record.event", event: event.type, status: next.status };
}

function noop(state: CallState): Transition<CallState> {
  return { next: state, effects: [] };
}

function invalid(state: CallState, event: CallEvent): AppError {
  return new AppError("INVALID_STATE", {
    message: `call event ${event.type} not allowed while ${state.status} (${state.direction})`,
    details: { status: state.status, event: event.type },
  });
}

function change(state: CallState, event: CallEvent, patch: Partial<CallState>, effects: Effect[]): Transition<CallState> {
  const next = { ...state, ...patch };
  return { next, effects: [record(event, next), ...effects] };
}

function end(
  state: CallState,
  event: CallEvent,
  status: CallStatus,
  reason: EndReason,
  effects: Effect[],
  options: { durationSec?: number; patch?: Partial<CallState>; closeMedia?: boolean } = {},
): Transition<CallState> {
  const next: CallState = {
    ...state,
    ...options.patch,
    status,
    endReason: reason,
    endedAt: event.at,
    ringingAgentIds: [],
    transferToAgentId: null,
    durationSec: state.answeredAt === null ? null : (options.durationSec ?? talkSeconds(state.answeredAt, event.at)),
  };
  const graph = effects.filter((e) => e.type.startsWith("graph."));
  const rest = effects.filter((e) => !e.type.startsWith("graph."));
  // Agents' softphones ring while an inbound call waits, and the target's rings during a transfer.
  const agentsRinging =
    state.status === "transferring" || (state.direction === "inbound" && (state.status === "ringing" || state.status === "queued"));
  return {
    next,
    effects: [
      record(event, next),
      ...graph,
      ...(agentsRinging ? [{ type: "routing.stop_ringing" } as const] : []),
      ...(options.closeMedia === false ? [] : [{ type: "media.close", reason } as const]),
      ...rest,
    ],
  };
}
