import { describe, expect, it } from "vitest";
import { canSee } from "./can-see";

const agent = { kind: "user" as const, userId: "u-agent", workspaceId: "ws-a", role: "agent" as const };
const admin = { kind: "user" as const, userId: "u-admin", workspaceId: "ws-a", role: "admin" as const };
const otherWs = { kind: "user" as const, userId: "u-b", workspaceId: "ws-b", role: "admin" as const };
const apiKey = { kind: "api_key" as const, userId: "u-agent", workspaceId: "ws-a", role: "agent" as const };

describe("canSee", () => {
  it("lets everyone in the workspace see an event without audience", () => {
    const e = { workspaceId: "ws-a", audience: null };
    expect(canSee(agent, e)).toBe(true);
    expect(canSee(admin, e)).toBe(true);
    expect(canSee(apiKey, e)).toBe(true);
  });

  it("never reveals another workspace's events, whatever the audience", () => {
    expect(canSee(otherWs, { workspaceId: "ws-a", audience: null })).toBe(false);
    expect(canSee(otherWs, { workspaceId: "ws-a", audience: { roles: ["admin"] } })).toBe(false);
    expect(canSee(otherWs, { workspaceId: "ws-a", audience: { users: ["u-b"] } })).toBe(false);
  });

  it("matches listed users and roles only", () => {
    expect(canSee(agent, { workspaceId: "ws-a", audience: { users: ["u-agent"] } })).toBe(true);
    expect(canSee(admin, { workspaceId: "ws-a", audience: { users: ["u-agent"] } })).toBe(false);
    expect(canSee(admin, { workspaceId: "ws-a", audience: { roles: ["admin"] } })).toBe(true);
    expect(canSee(agent, { workspaceId: "ws-a", audience: { roles: ["admin", "supervisor"] } })).toBe(false);
    expect(canSee(agent, { workspaceId: "ws-a", audience: { users: ["x"], roles: ["agent"] } })).toBe(true);
  });

  it("fails closed for an audience with empty lists", () => {
    expect(canSee(admin, { workspaceId: "ws-a", audience: {} })).toBe(false);
    expect(canSee(admin, { workspaceId: "ws-a", audience: { users: [], roles: [] } })).toBe(false);
  });

  it("does not treat an API key as the user who created it", () => {
    expect(canSee(apiKey, { workspaceId: "ws-a", audience: { users: ["u-agent"] } })).toBe(false);
    expect(canSee(apiKey, { workspaceId: "ws-a", audience: { roles: ["agent"] } })).toBe(true);
  });
});
