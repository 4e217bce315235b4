import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import {
  CALL_STATUSES,
  TERMINAL,
  transition,
  type CallEvent,
  type CallState,
  type CallStatus,
  type Effect,
  type Transition,
} from "./call-state";

// ── fixtures ─────────────────────────────────────────────────────────────────────────────────────

const T0 = 1_760_681_506_000;
const AT = T0 + 60_000;

function state(patch: Partial<CallState>): CallState {
  return {
    status: "ringing",
    direction: "inbound",
    agentId: null,
    ringingAgentIds: [],
    transferToAgentId: null,
    startedAt: T0,
    metaConnectAt: T0,
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

const inAnswered = { agentId: "a1", customerLegAt: T0 + 100, agentLegAt: T0 + 4_900, answeredAt: T0 + 5_000 };
const outAnswered = { direction: "outbound" as const, agentId: "a1", metaConnectAt: T0 + 300, customerLegAt: T0 + 400, agentLegAt: T0 + 200, answeredAt: T0 + 8_000 };

const STATES = {
  none: null,
  in_ringing: state({ status: "ringing", ringingAgentIds: ["a1"], customerLegAt: T0 + 100 }),
  in_queued: state({ status: "queued", customerLegAt: T0 + 100 }),
  in_connecting: state({ status: "connecting", agentId: "a1", customerLegAt: T0 + 100 }),
  in_in_progress: state({ status: "in_progress", ...inAnswered }),
  in_on_hold: state({ status: "on_hold", ...inAnswered }),
  in_transferring: state({ status: "transferring", ...inAnswered, transferToAgentId: "a2" }),
  out_connecting: state({ status: "connecting", direction: "outbound", agentId: "a1", metaConnectAt: null }),
  out_ringing: state({ status: "ringing", ...outAnswered, answeredAt: null }),
  out_in_progress: state({ status: "in_progress", ...outAnswered }),
  out_on_hold: state({ status: "on_hold", ...outAnswered }),
  out_transferring: state({ status: "transferring", ...outAnswered, transferToAgentId: "a2" }),
  completed: state({ status: "completed", ...inAnswered, endedAt: T0 + 30_000, durationSec: 25, endReason: "customer_hangup" }),
  missed: state({ status: "missed", endedAt: T0 + 9_000, endReason: "customer_hangup" }),
  no_answer: state({ status: "no_answer", direction: "outbound", agentId: "a1", endedAt: T0 + 30_000, endReason: "customer_no_answer" }),
  rejected: state({ status: "rejected", direction: "outbound", agentId: "a1", endedAt: T0 + 5_000, endReason: "customer_rejected" }),
  failed: state({ status: "failed", ...inAnswered, endedAt: T0 + 20_000, durationSec: 15, endReason: "media_timeout" }),
  abandoned: state({ status: "abandoned", endedAt: T0 + 30_000, endReason: "ring_timeout" }),
} satisfies Record<string, CallState | null>;
type StateKey = keyof typeof STATES;

const EVENTS = {
  connect_in: { type: "connect", direction: "inbound", at: AT },
  connect_out: { type: "connect", direction: "outbound", at: AT },
  RINGING: { type: "status", status: "RINGING", at: AT },
  ACCEPTED: { type: "status", status: "ACCEPTED", at: AT },
  REJECTED: { type: "status", status: "REJECTED", at: AT },
  terminate_in: { type: "terminate", direction: "inbound", metaStatus: "COMPLETED", durationSec: 20, at: AT },
  terminate_out: { type: "terminate", direction: "outbound", metaStatus: "COMPLETED", durationSec: 20, at: AT },
  dial: { type: "dial", agentId: "a1", at: AT },
  accept_a1: { type: "accept", agentId: "a1", at: AT },
  accept_a2: { type: "accept", agentId: "a2", at: AT },
  decline_a1: { type: "decline", agentId: "a1", at: AT },
  decline_a2: { type: "decline", agentId: "a2", at: AT },
  hold: { type: "hold", agentId: "a1", at: AT },
  resume: { type: "resume", agentId: "a1", at: AT },
  transfer_a2: { type: "transfer_start", toAgentId: "a2", agentId: "a1", at: AT },
  transfer_complete_a2: { type: "transfer_complete", agentId: "a2", at: AT },
  hangup: { type: "hangup", agentId: "a1", at: AT },
  ring_a3: { type: "ring", agentIds: ["a3"], at: AT },
  queued: { type: "queued", at: AT },
  ring_timeout: { type: "ring_timeout", at: AT },
  no_agents: { type: "no_agents", at: AT },
  overflow: { type: "overflow", at: AT },
  leg_up_customer: { type: "leg_connected", leg: "customer", at: AT },
  leg_up_agent: { type: "leg_connected", leg: "agent", agentId: "a1", at: AT },
  leg_down_customer: { type: "leg_failed", leg: "customer", at: AT },
  leg_down_agent: { type: "leg_failed", leg: "agent", agentId: "a1", at: AT },
  media_timeout: { type: "media_timeout", at: AT },
  media_server_lost: { type: "media_server_lost", at: AT },
} satisfies Record<string, CallEvent>;
type EventKey = keyof typeof EVENTS;

/**
 * Expected outcome: "INVALID" (AppError INVALID_STATE), "noop" (same state object, no effects),
 * "ignore" (no call known and none created), or "<next status> <effects in order>".
 */
type Row = Record<EventKey, string>;

const I = "INVALID";
const N = "noop";

const terminalRow: Row = {
  connect_in: N, connect_out: N, RINGING: N, ACCEPTED: N, REJECTED: N, terminate_in: N, terminate_out: N,
  dial: I, accept_a1: I, accept_a2: I, decline_a1: I, decline_a2: I, hold: I, resume: I, transfer_a2: I, transfer_complete_a2: I,
  hangup: N,
  ring_a3: N, queued: N, ring_timeout: N, no_agents: N, overflow: N,
  leg_up_customer: N, leg_up_agent: N, leg_down_customer: N, leg_down_agent: N, media_timeout: N, media_server_lost: N,
};

const inboundWaiting = (status: "ringing" | "queued"): Row => ({
  connect_in: N, connect_out: N, RINGING: N, ACCEPTED: N, REJECTED: N,
  terminate_in: "missed record routing.stop_ringing media.close:customer_hangup message.callback_request",
  terminate_out: "missed record routing.stop_ringing media.close:customer_hangup message.callback_request",
  dial: I,
  accept_a1: "connecting record routing.stop_ringing",
  accept_a2: "connecting record routing.stop_ringing",
  decline_a1: status === "ringing" ? "ringing record routing.ring_agents:-a1" : N,
  decline_a2: N,
  hold: I, resume: I, transfer_a2: I, transfer_complete_a2: I,
  hangup: "abandoned record graph.reject routing.stop_ringing media.close:agent_hangup message.callback_request",
  ring_a3: "ringing record",
  queued: status === "ringing" ? "queued record" : N,
  ring_timeout: "abandoned record graph.reject routing.stop_ringing media.close:ring_timeout message.callback_request",
  no_agents: "abandoned record graph.reject routing.stop_ringing media.close:no_agents message.callback_request",
  overflow: "abandoned record graph.reject routing.stop_ringing media.close:queue_overflow message.callback_request",
  leg_up_customer: N,
  leg_up_agent: N, // nobody accepted yet: an agent leg here is stale
  leg_down_customer: "failed record graph.reject routing.stop_ringing media.close:media_failed",
  leg_down_agent: N,
  media_timeout: "failed record graph.reject routing.stop_ringing media.close:media_timeout",
  media_server_lost: "failed record graph.reject routing.stop_ringing",
});

const answered = (direction: "in" | "out", status: "in_progress" | "on_hold"): Row => ({
  connect_in: N, connect_out: N, RINGING: N, ACCEPTED: N, REJECTED: N,
  terminate_in: "completed record media.close:customer_hangup",
  terminate_out: "completed record media.close:customer_hangup",
  dial: I,
  accept_a1: direction === "in" ? N : I,
  accept_a2: I, decline_a1: I, decline_a2: I,
  hold: status === "in_progress" ? "on_hold record media.hold" : N,
  resume: status === "on_hold" ? "in_progress record media.bridge" : N,
  transfer_a2: status === "in_progress" ? "transferring record media.hold routing.ring_agents:+a2" : "transferring record routing.ring_agents:+a2",
  transfer_complete_a2: I,
  hangup: "completed record graph.terminate media.close:agent_hangup",
  ring_a3: N, queued: N, ring_timeout: N, no_agents: N, overflow: N,
  leg_up_customer: N, leg_up_agent: N,
  leg_down_customer: "failed record graph.terminate media.close:media_failed",
  leg_down_agent: "failed record graph.terminate media.close:agent_leg_failed",
  media_timeout: "failed record graph.terminate media.close:media_timeout",
  media_server_lost: "failed record graph.terminate",
});

const transferring = (direction: "in" | "out"): Row => ({
  connect_in: N, connect_out: N, RINGING: N, ACCEPTED: N, REJECTED: N,
  terminate_in: "completed record routing.stop_ringing media.close:customer_hangup",
  terminate_out: "completed record routing.stop_ringing media.close:customer_hangup",
  dial: I,
  accept_a1: direction === "in" ? N : I,
  accept_a2: I,
  decline_a1: I,
  decline_a2: "on_hold record routing.stop_ringing",
  hold: I, resume: I,
  transfer_a2: N,
  transfer_complete_a2: "in_progress record media.bridge",
  hangup: "completed record graph.terminate routing.stop_ringing media.close:agent_hangup",
  ring_a3: N, queued: N,
  ring_timeout: "on_hold record routing.stop_ringing",
  no_agents: N, overflow: N,
  leg_up_customer: N, leg_up_agent: N,
  leg_down_customer: "failed record graph.terminate routing.stop_ringing media.close:media_failed",
  leg_down_agent: "failed record graph.terminate routing.stop_ringing media.close:agent_leg_failed",
  media_timeout: "failed record graph.terminate routing.stop_ringing media.close:media_timeout",
  media_server_lost: "failed record graph.terminate routing.stop_ringing",
});

const outboundBeforeAnswer = (status: "connecting" | "ringing"): Row => ({
  connect_in: N,
  connect_out: status === "connecting" ? "connecting record media.apply_answer" : N,
  RINGING: status === "connecting" ? "ringing record" : N,
  ACCEPTED: "in_progress record media.bridge",
  REJECTED: "rejected record media.close:customer_rejected",
  terminate_in: "no_answer record media.close:customer_no_answer",
  terminate_out: "no_answer record media.close:customer_no_answer",
  dial: I, accept_a1: I, accept_a2: I, decline_a1: I, decline_a2: I, hold: I, resume: I, transfer_a2: I, transfer_complete_a2: I,
  hangup: "no_answer record graph.terminate media.close:agent_cancelled",
  ring_a3: N, queued: N,
  ring_timeout: "no_answer record graph.terminate media.close:customer_no_answer",
  no_agents: N, overflow: N,
  leg_up_customer: status === "connecting" ? "connecting record" : N,
  leg_up_agent: status === "connecting" ? "connecting record" : N,
  leg_down_customer: `failed record graph.terminate media.close:${status === "connecting" ? "media_setup_failed" : "media_failed"}`,
  leg_down_agent: "failed record graph.terminate media.close:agent_leg_failed",
  media_timeout: "failed record graph.terminate media.close:media_timeout",
  media_server_lost: "failed record graph.terminate",
});

const TABLE: Record<StateKey, Row> = {
  none: {
    connect_in: "ringing record media.create_leg:inbound graph.pre_accept routing.enqueue",
    connect_out: "ignore", RINGING: "ignore", ACCEPTED: "ignore", REJECTED: "ignore",
    terminate_in: "missed record",
    terminate_out: "failed record",
    dial: "connecting record media.create_leg:outbound graph.connect",
    accept_a1: I, accept_a2: I, decline_a1: I, decline_a2: I, hold: I, resume: I, transfer_a2: I, transfer_complete_a2: I, hangup: I,
    ring_a3: "ignore", queued: "ignore", ring_timeout: "ignore", no_agents: "ignore", overflow: "ignore",
    leg_up_customer: "ignore", leg_up_agent: "ignore", leg_down_customer: "ignore", leg_down_agent: "ignore",
    media_timeout: "ignore", media_server_lost: "ignore",
  },
  in_ringing: inboundWaiting("ringing"),
  in_queued: inboundWaiting("queued"),
  in_connecting: {
    connect_in: N, connect_out: N, RINGING: N, ACCEPTED: N, REJECTED: N,
    terminate_in: "missed record media.close:customer_hangup message.callback_request",
    terminate_out: "missed record media.close:customer_hangup message.callback_request",
    dial: I, accept_a1: N, accept_a2: I, decline_a1: I, decline_a2: I, hold: I, resume: I, transfer_a2: I, transfer_complete_a2: I,
    hangup: "abandoned record graph.reject media.close:agent_hangup message.callback_request",
    ring_a3: N, queued: N, ring_timeout: N, no_agents: N, overflow: N,
    leg_up_customer: N,
    leg_up_agent: "in_progress record graph.accept media.bridge",
    leg_down_customer: "failed record graph.reject media.close:media_failed",
    leg_down_agent: "ringing record routing.ring_agents:-a1",
    media_timeout: "failed record graph.reject media.close:media_timeout",
    media_server_lost: "failed record graph.reject",
  },
  in_in_progress: answered("in", "in_progress"),
  in_on_hold: answered("in", "on_hold"),
  in_transferring: transferring("in"),
  out_connecting: outboundBeforeAnswer("connecting"),
  out_ringing: outboundBeforeAnswer("ringing"),
  out_in_progress: answered("out", "in_progress"),
  out_on_hold: answered("out", "on_hold"),
  out_transferring: transferring("out"),
  completed: terminalRow,
  missed: terminalRow,
  no_answer: terminalRow,
  rejected: terminalRow,
  failed: terminalRow,
  abandoned: terminalRow,
};

function fmtEffect(e: Effect): string {
  switch (e.type) {
    case "record.event":
      return "record";
    case "media.close":
      return `media.close:${e.reason}`;
    case "media.create_leg":
      return `media.create_leg:${e.direction}`;
    case "routing.ring_agents":
      return ["routing.ring_agents", ...(e.agentIds ? [`+${e.agentIds.join(",")}`] : []), ...(e.excludeAgentIds ? [`-${e.excludeAgentIds.join(",")}`] : [])].join(":");
    default:
      return e.type;
  }
}

function outcome(before: CallState | null, result: Transition<CallState | null> | AppError): string {
  if (result instanceof AppError) return result.code === "INVALID_STATE" ? I : `error ${result.code}`;
  if (before === null && result.next === null) return result.effects.length === 0 ? "ignore" : "ignore with effects?!";
  if (result.next === before) return result.effects.length === 0 ? N : "same object with effects?!";
  return [result.next!.status, ...result.effects.map(fmtEffect)].join(" ");
}

// ── the table ────────────────────────────────────────────────────────────────────────────────────

describe("transition — every (state, event) pair", () => {
  it("the table covers every status, both directions where they apply, and every event", () => {
    const statuses = new Set(Object.values(STATES).filter((s) => s !== null).map((s) => s!.status));
    expect([...statuses].sort()).toEqual([...CALL_STATUSES].sort());
    const eventTypes = new Set(Object.values(EVENTS).map((e) => e.type));
    expect(eventTypes.size).toBe(20);
    for (const row of Object.values(TABLE)) expect(Object.keys(row).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  const pairs = (Object.keys(STATES) as StateKey[]).flatMap((s) => (Object.keys(EVENTS) as EventKey[]).map((e) => [s, e] as const));
  it.each(pairs)("%s + %s", (s, e) => {
    const before = STATES[s];
    const frozen = before === null ? null : structuredClone(before);
    const result = transition(before, EVENTS[e] as CallEvent);
    expect(outcome(before, result)).toBe(TABLE[s][e]);
    // The input is never mutated.
    expect(before).toEqual(frozen);
    if (!(result instanceof AppError) && result.next !== null && result.effects.length > 0) {
      // record.event comes first and names the resulting status.
      expect(result.effects[0]).toEqual({ type: "record.event", event: EVENTS[e].type, status: result.next.status });
    }
  });

  it("never leaves a terminal status, whatever arrives", () => {
    for (const s of ["completed", "missed", "no_answer", "rejected", "failed", "abandoned"] as const) {
      for (const e of Object.values(EVENTS)) {
        const r = transition(STATES[s], e as CallEvent);
        if (!(r instanceof AppError)) expect(r.next).toBe(STATES[s]);
      }
    }
  });

  it("every terminal transition sets endedAt and a closed-enum endReason", () => {
    for (const s of Object.keys(STATES) as StateKey[]) {
      for (const e of Object.keys(EVENTS) as EventKey[]) {
        const r = transition(STATES[s], EVENTS[e] as CallEvent);
        if (r instanceof AppError || r.next === null || r.next === STATES[s]) continue;
        if (TERMINAL.has(r.next.status)) {
          expect(r.next.endedAt, `${s}+${e}`).toBe(AT);
          expect(r.next.endReason, `${s}+${e}`).not.toBeNull();
          expect(r.next.ringingAgentIds).toEqual([]);
        } else {
          expect(r.next.endReason, `${s}+${e}`).toBeNull();
        }
      }
    }
  });

  it("INVALID_STATE is an AppError (409) naming the status and event", () => {
    const r = transition(STATES.in_ringing, EVENTS.hold as CallEvent);
    expect(r).toBeInstanceOf(AppError);
    expect((r as AppError).status).toBe(409);
    expect((r as AppError).details).toEqual({ status: "ringing", event: "hold" });
  });
});

// ── scenarios ────────────────────────────────────────────────────────────────────────────────────

/** Apply events in order; every step must succeed. Returns the final state and all effects. */
function run(start: CallState | null, events: CallEvent[]): { state: CallState; effects: Effect[]; steps: Transition<CallState | null>[] } {
  let s: CallState | null = start;
  const effects: Effect[] = [];
  const steps: Transition<CallState | null>[] = [];
  for (const e of events) {
    const r = transition(s, e);
    if (r instanceof AppError) throw new Error(`${e.type} refused in ${s?.status}: ${r.message}`);
    steps.push(r);
    effects.push(...r.effects);
    s = r.next;
  }
  if (s === null) throw new Error("no call");
  return { state: s, effects, steps };
}

const at = (sec: number) => T0 + sec * 1000;
const types = (effects: Effect[]) => effects.filter((e) => e.type !== "record.event").map(fmtEffect);
const statusTrail = (steps: Transition<CallState | null>[]) => steps.map((s) => s.next?.status ?? null);

describe("scenarios", () => {
  it("inbound answered → completed with duration", () => {
    const { state: s, effects, steps } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "leg_connected", leg: "customer", at: at(0.3) },
      { type: "ring", agentIds: ["a1", "a2"], at: at(0.4) },
      { type: "accept", agentId: "a2", at: at(6) },
      { type: "leg_connected", leg: "agent", agentId: "a2", at: at(6.5) },
      { type: "hangup", agentId: "a2", at: at(66.5) },
      { type: "terminate", direction: "inbound", metaStatus: "COMPLETED", durationSec: 60, at: at(67) },
    ]);
    expect(statusTrail(steps)).toEqual(["ringing", "ringing", "ringing", "connecting", "in_progress", "completed", "completed"]);
    expect(types(effects)).toEqual([
      "media.create_leg:inbound",
      "graph.pre_accept",
      "routing.enqueue",
      "routing.stop_ringing",
      "graph.accept",
      "media.bridge",
      "graph.terminate",
      "media.close:agent_hangup",
    ]);
    expect(s).toMatchObject({ status: "completed", agentId: "a2", answeredAt: at(6.5), endedAt: at(66.5), durationSec: 60, endReason: "agent_hangup" });
  });

  it("inbound hung up by the customer: Meta's duration wins over our clock", () => {
    const { state: s } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "leg_connected", leg: "customer", at: at(0.3) },
      { type: "accept", agentId: "a1", at: at(3) },
      { type: "leg_connected", leg: "agent", at: at(3.2) },
      { type: "terminate", direction: "inbound", metaStatus: "COMPLETED", durationSec: 41, at: at(45) },
    ]);
    expect(s).toMatchObject({ status: "completed", endReason: "customer_hangup", durationSec: 41 });
  });

  it("accept waits for the customer leg: graph.accept only once both legs are up", () => {
    const { steps } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "accept", agentId: "a1", at: at(1) },
      { type: "leg_connected", leg: "agent", at: at(1.2) },
      { type: "leg_connected", leg: "customer", at: at(1.5) },
    ]);
    expect(statusTrail(steps)).toEqual(["ringing", "connecting", "connecting", "in_progress"]);
    expect(types(steps[2].effects)).toEqual([]);
    expect(types(steps[3].effects)).toEqual(["graph.accept", "media.bridge"]);
  });

  it("inbound not answered → abandoned with a callback request (abandon recovery)", () => {
    const { state: s, effects } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "leg_connected", leg: "customer", at: at(0.3) },
      { type: "ring", agentIds: ["a1"], at: at(0.4) },
      { type: "decline", agentId: "a1", at: at(5) },
      { type: "queued", at: at(5.1) },
      { type: "ring_timeout", at: at(25) },
    ]);
    expect(s).toMatchObject({ status: "abandoned", endReason: "ring_timeout", durationSec: null, answeredAt: null });
    expect(types(effects).slice(-4)).toEqual(["graph.reject", "routing.stop_ringing", "media.close:ring_timeout", "message.callback_request"]);
    expect(types(effects)).toContain("routing.ring_agents:-a1");
  });

  it("inbound with no agents at all → abandoned at once, Meta gets reject (never accepted)", () => {
    const { state: s, effects } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "no_agents", at: at(0.1) },
    ]);
    expect(s.status).toBe("abandoned");
    expect(s.endReason).toBe("no_agents");
    expect(types(effects)).toContain("graph.reject");
    expect(types(effects)).not.toContain("graph.terminate");
  });

  it("inbound caller hangs up while queued → missed with a callback request", () => {
    const { state: s, effects } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "queued", at: at(0.2) },
      { type: "terminate", direction: "inbound", metaStatus: "COMPLETED", at: at(12) },
    ]);
    expect(s).toMatchObject({ status: "missed", endReason: "customer_hangup", durationSec: null });
    expect(types(effects)).toContain("message.callback_request");
    expect(types(effects)).not.toContain("graph.reject"); // Meta already ended it
  });

  it("outbound RINGING → ACCEPTED → completed", () => {
    const { state: s, effects, steps } = run(null, [
      { type: "dial", agentId: "a1", at: at(0) },
      { type: "leg_connected", leg: "agent", at: at(0.2) },
      { type: "connect", direction: "outbound", at: at(1) },
      { type: "leg_connected", leg: "customer", at: at(1.3) },
      { type: "status", status: "RINGING", at: at(1.5) },
      { type: "status", status: "ACCEPTED", at: at(9) },
      { type: "terminate", direction: "outbound", metaStatus: "COMPLETED", durationSec: 30, at: at(39) },
    ]);
    expect(statusTrail(steps)).toEqual(["connecting", "connecting", "connecting", "connecting", "ringing", "in_progress", "completed"]);
    expect(types(effects)).toEqual([
      "media.create_leg:outbound",
      "graph.connect",
      "media.apply_answer",
      "media.bridge",
      "media.close:customer_hangup",
    ]);
    expect(s).toMatchObject({ direction: "outbound", answeredAt: at(9), durationSec: 30, agentId: "a1", metaConnectAt: at(1) });
  });

  it("outbound ACCEPTED before RINGING (reordered): RINGING afterwards is stale", () => {
    const { steps } = run(null, [
      { type: "dial", agentId: "a1", at: at(0) },
      { type: "status", status: "ACCEPTED", at: at(5) },
      { type: "status", status: "RINGING", at: at(1) },
    ]);
    expect(statusTrail(steps)).toEqual(["connecting", "in_progress", "in_progress"]);
    expect(steps[2].effects).toEqual([]);
  });

  it("outbound REJECTED → rejected, and the terminate that follows is a no-op", () => {
    const { state: s, steps } = run(null, [
      { type: "dial", agentId: "a1", at: at(0) },
      { type: "connect", direction: "outbound", at: at(1) },
      { type: "status", status: "RINGING", at: at(1.5) },
      { type: "status", status: "REJECTED", at: at(4) },
      { type: "terminate", direction: "outbound", metaStatus: "COMPLETED", at: at(4.2) },
    ]);
    expect(s).toMatchObject({ status: "rejected", endReason: "customer_rejected", endedAt: at(4), durationSec: null });
    expect(types(steps[3].effects)).toEqual(["media.close:customer_rejected"]);
    expect(steps[4].next).toBe(steps[3].next);
    expect(steps[4].effects).toEqual([]);
  });

  it("outbound never answered: Meta's terminate → no_answer; a FAILED terminate → failed with the code", () => {
    const base: CallEvent[] = [
      { type: "dial", agentId: "a1", at: at(0) },
      { type: "status", status: "RINGING", at: at(1) },
    ];
    expect(run(null, [...base, { type: "terminate", direction: "outbound", metaStatus: "COMPLETED", at: at(40) }]).state.status).toBe("no_answer");
    const failed = run(null, [...base, { type: "terminate", direction: "outbound", metaStatus: "FAILED", errorCode: 138019, at: at(3) }]).state;
    expect(failed).toMatchObject({ status: "failed", endReason: "meta_error", errorCode: 138019 });
  });

  it("outbound cancelled by the agent before answer → no_answer / agent_cancelled, Meta gets terminate", () => {
    const { state: s, effects } = run(null, [
      { type: "dial", agentId: "a1", at: at(0) },
      { type: "status", status: "RINGING", at: at(1) },
      { type: "hangup", agentId: "a1", at: at(10) },
    ]);
    expect(s).toMatchObject({ status: "no_answer", endReason: "agent_cancelled" });
    expect(types(effects)).toContain("graph.terminate");
  });

  it("duplicate webhooks are no-ops: connect twice creates one leg, ACCEPTED twice answers once", () => {
    const connect: CallEvent = { type: "connect", direction: "inbound", at: at(0) };
    const { steps } = run(null, [connect, connect]);
    expect(steps[1].effects).toEqual([]);
    expect(steps[1].next).toBe(steps[0].next);

    const out = run(null, [
      { type: "dial", agentId: "a1", at: at(0) },
      { type: "connect", direction: "outbound", at: at(1) },
      { type: "connect", direction: "outbound", at: at(1) },
      { type: "status", status: "ACCEPTED", at: at(5) },
      { type: "status", status: "ACCEPTED", at: at(5) },
    ]);
    expect(out.effects.filter((e) => e.type === "media.apply_answer")).toHaveLength(1);
    expect(out.effects.filter((e) => e.type === "media.bridge")).toHaveLength(1);
    expect(out.state.answeredAt).toBe(at(5));
  });

  it("duplicate terminate after the end changes nothing (not even the duration)", () => {
    const { state: ended } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "terminate", direction: "inbound", metaStatus: "COMPLETED", at: at(3) },
    ]);
    const again = transition(ended, { type: "terminate", direction: "inbound", metaStatus: "FAILED", durationSec: 99, errorCode: 138021, at: at(4) });
    expect(again).toEqual({ next: ended, effects: [] });
  });

  it("terminate before connect ends the call without creating media; the late connect is a no-op", () => {
    const tomb = transition(null, { type: "terminate", direction: "inbound", metaStatus: "COMPLETED", at: at(1) });
    if (tomb instanceof AppError || tomb.next === null) throw new Error("expected a tombstone");
    expect(tomb.next).toMatchObject({ status: "missed", endReason: "terminated_before_connect", endedAt: at(1), answeredAt: null });
    expect(tomb.effects).toEqual([{ type: "record.event", event: "terminate", status: "missed" }]);

    const late = transition(tomb.next, { type: "connect", direction: "inbound", at: at(0.5) });
    expect(late).toEqual({ next: tomb.next, effects: [] });
  });

  it("terminate while still ringing (user hung up in a second) ends it, stops ringing, closes media", () => {
    const { state: s, effects } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "terminate", direction: "inbound", at: at(0.8) },
    ]);
    expect(s.status).toBe("missed");
    expect(types(effects)).toEqual([
      "media.create_leg:inbound",
      "graph.pre_accept",
      "routing.enqueue",
      "routing.stop_ringing",
      "media.close:customer_hangup",
      "message.callback_request",
    ]);
  });

  it("media failure mid-call → failed, Meta gets terminate", () => {
    const { state: s, effects } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "leg_connected", leg: "customer", at: at(0.2) },
      { type: "accept", agentId: "a1", at: at(2) },
      { type: "leg_connected", leg: "agent", at: at(2.1) },
      { type: "leg_failed", leg: "customer", at: at(32.1) },
    ]);
    expect(s).toMatchObject({ status: "failed", endReason: "media_failed", durationSec: 30 });
    expect(types(effects).slice(-2)).toEqual(["graph.terminate", "media.close:media_failed"]);
  });

  it("relay gone silent → failed with media_timeout", () => {
    const { state: s } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "leg_connected", leg: "customer", at: at(0.2) },
      { type: "accept", agentId: "a1", at: at(2) },
      { type: "leg_connected", leg: "agent", at: at(2.1) },
      { type: "media_timeout", at: at(20) },
    ]);
    expect(s).toMatchObject({ status: "failed", endReason: "media_timeout" });
  });

  it("invalid SDP / media-server refused the leg → inbound rejected at once (issue 4 §9)", () => {
    const { state: s, effects } = run(null, [
      { type: "connect", direction: "inbound", at: at(0) },
      { type: "leg_failed", leg: "customer", at: at(0.05) },
    ]);
    expect(s).toMatchObject({ status: "rejected", endReason: "media_setup_failed" });
    expect(types(effects).slice(-3)).toEqual(["graph.reject", "routing.stop_ringing", "media.close:media_setup_failed"]);
  });

  it("media-server crash mid-call → failed, no media.close (the server is gone)", () => {
    const { state: s, steps } = run(STATES.in_in_progress, [{ type: "media_server_lost", at: AT }]);
    expect(s).toMatchObject({ status: "failed", endReason: "media_server_lost" });
    expect(types(steps[0].effects)).toEqual(["graph.terminate"]);
  });

  it("hold / resume: hold tone then bridge again; repeats are no-ops", () => {
    const { state: s, steps } = run(STATES.in_in_progress, [
      { type: "hold", at: at(10) },
      { type: "hold", at: at(10) },
      { type: "resume", at: at(20) },
      { type: "resume", at: at(20) },
    ]);
    expect(statusTrail(steps)).toEqual(["on_hold", "on_hold", "in_progress", "in_progress"]);
    expect(steps.map((st) => types(st.effects))).toEqual([["media.hold"], [], ["media.bridge"], []]);
    expect(s.answeredAt).toBe(STATES.in_in_progress.answeredAt);
  });

  it("transfer: customer on hold, target rung, target takes over; duplicates are no-ops", () => {
    const { state: s, steps } = run(STATES.in_in_progress, [
      { type: "transfer_start", toAgentId: "a2", at: at(10) },
      { type: "transfer_start", toAgentId: "a2", at: at(10) },
      { type: "leg_connected", leg: "agent", agentId: "a2", at: at(12) },
      { type: "transfer_complete", agentId: "a2", at: at(13) },
      { type: "transfer_complete", agentId: "a2", at: at(13) },
    ]);
    expect(statusTrail(steps)).toEqual(["transferring", "transferring", "transferring", "in_progress", "in_progress"]);
    expect(types(steps[0].effects)).toEqual(["media.hold", "routing.ring_agents:+a2"]);
    expect(types(steps[3].effects)).toEqual(["media.bridge"]);
    expect(s).toMatchObject({ agentId: "a2", transferToAgentId: null });
  });

  it("transfer target declines, or its leg fails, or it does not answer → back on hold with the first agent", () => {
    for (const e of [
      { type: "decline", agentId: "a2", at: AT },
      { type: "leg_failed", leg: "agent", agentId: "a2", at: AT },
      { type: "ring_timeout", at: AT },
    ] as CallEvent[]) {
      const r = transition(STATES.in_transferring, e);
      if (r instanceof AppError) throw r;
      expect(r.next).toMatchObject({ status: "on_hold", agentId: "a1", transferToAgentId: null });
    }
  });

  it("transfer to yourself is refused, and so is transferring to a second target mid-transfer", () => {
    expect(transition(STATES.in_in_progress, { type: "transfer_start", toAgentId: "a1", at: AT })).toBeInstanceOf(AppError);
    expect(transition(STATES.in_transferring, { type: "transfer_start", toAgentId: "a3", at: AT })).toBeInstanceOf(AppError);
  });

  it("two agents race to accept: the first wins, the second gets INVALID_STATE, the winner's repeat is a no-op", () => {
    const first = transition(STATES.in_ringing, { type: "accept", agentId: "a1", at: AT });
    if (first instanceof AppError) throw first;
    const second = transition(first.next, { type: "accept", agentId: "a2", at: AT + 5 });
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe("INVALID_STATE");
    expect(transition(first.next, { type: "accept", agentId: "a1", at: AT + 5 })).toEqual({ next: first.next, effects: [] });
  });

  it("the accepting agent's browser fails to join → the call rings the others again", () => {
    const r = transition(STATES.in_connecting, { type: "leg_failed", leg: "agent", agentId: "a1", at: AT });
    if (r instanceof AppError) throw r;
    expect(r.next).toMatchObject({ status: "ringing", agentId: null, agentLegAt: null });
    expect(types(r.effects)).toEqual(["routing.ring_agents:-a1"]);
  });

  it("ringing the same agents again is a no-op; ringing new ones is recorded", () => {
    const same = transition(STATES.in_ringing, { type: "ring", agentIds: ["a1"], at: AT });
    expect(same).toEqual({ next: STATES.in_ringing, effects: [] });
    const next = transition(STATES.in_ringing, { type: "ring", agentIds: ["a2", "a3"], at: AT });
    if (next instanceof AppError) throw next;
    expect(next.next.ringingAgentIds).toEqual(["a2", "a3"]);
  });

  it("a media-server event for an unknown call creates nothing", () => {
    expect(transition(null, { type: "leg_connected", leg: "customer", at: AT })).toEqual({ next: null, effects: [] });
  });

  it("statuses after the end are no-ops", () => {
    for (const status of ["RINGING", "ACCEPTED", "REJECTED"] as const) {
      expect(transition(STATES.no_answer, { type: "status", status, at: AT })).toEqual({ next: STATES.no_answer, effects: [] });
    }
  });

  it("status values stay in step with the Prisma enum CallStatus", async () => {
    const { readFile } = await import("node:fs/promises");
    const schema = await readFile(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");
    const block = /enum CallStatus \{([^}]*)\}/.exec(schema)?.[1] ?? "";
    const members = block.split(/\s+/).filter(Boolean) as CallStatus[];
    expect(members).toEqual([...CALL_STATUSES]);
  });
});
