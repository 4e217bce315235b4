import { describe, expect, it } from "vitest";
import { pickCallAgents } from "./pick-call-agents";

const c = (id: string, idle: string) => ({ id, idleSince: new Date(idle) });
const candidates = [c("b", "2026-01-01T10:00:00Z"), c("a", "2026-01-01T11:00:00Z"), c("c", "2026-01-01T09:00:00Z")];

describe("pickCallAgents", () => {
  it("rings the contact's assigned agent first, alone", () => {
    expect(pickCallAgents({ candidates, strategy: "ring_all", assignedAgentId: "a", alreadyOffered: [] })).toEqual(["a"]);
  });
  it("then follows the policy, skipping agents already offered", () => {
    expect(pickCallAgents({ candidates, strategy: "longest_idle", assignedAgentId: "a", alreadyOffered: ["a"] })).toEqual(["c"]);
    expect(pickCallAgents({ candidates, strategy: "ring_all", assignedAgentId: "a", alreadyOffered: ["a"] })).toEqual(["b", "c"]);
    expect(pickCallAgents({ candidates, strategy: "round_robin", assignedAgentId: null, alreadyOffered: [], lastRungAgentId: "a" })).toEqual(["b"]);
    expect(pickCallAgents({ candidates, strategy: "round_robin", assignedAgentId: null, alreadyOffered: [], lastRungAgentId: "c" })).toEqual(["a"]);
  });
  it("an assigned agent who is busy (not a candidate) is skipped", () => {
    expect(pickCallAgents({ candidates, strategy: "longest_idle", assignedAgentId: "z", alreadyOffered: [] })).toEqual(["c"]);
  });
  it("nobody left → empty", () => {
    expect(pickCallAgents({ candidates, strategy: "ring_all", assignedAgentId: null, alreadyOffered: ["a", "b", "c"] })).toEqual([]);
  });
});
