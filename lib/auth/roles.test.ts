import { describe, expect, it } from "vitest";
import { can, isRole, navFor, PERMISSIONS, ROLES, type Permission, type Role } from "./roles";

// The expected matrix is written out by hand (not derived from PERMISSIONS), so a change to who may
// do what has to be made twice: in roles.ts and here, on purpose.
const EXPECTED: Record<Role, Permission[]> = {
  admin: [
    "inbox:use",
    "calls:use",
    "supervisor:monitor",
    "analytics:view",
    "settings:manage",
    "users:manage",
    "users:read",
    "apikeys:manage",
    "jobs:manage",
    "audit:read",
    "bot:manage",
    "appointments:use",
    "appointments:manage",
  ],
  supervisor: ["inbox:use", "calls:use", "supervisor:monitor", "analytics:view", "users:read", "appointments:use", "appointments:manage"],
  agent: ["inbox:use", "calls:use", "appointments:use"],
};

describe("can", () => {
  const all = Object.keys(PERMISSIONS) as Permission[];
  for (const role of ROLES) {
    for (const permission of all) {
      const allowed = EXPECTED[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("denies a missing role everything", () => {
    for (const p of all) {
      expect(can(undefined, p)).toBe(false);
      expect(can(null, p)).toBe(false);
    }
  });

  it("does not treat an unknown role string as a role", () => {
    expect(isRole("owner")).toBe(false);
    expect(can("owner" as Role, "inbox:use")).toBe(false);
    expect(isRole("agent")).toBe(true);
  });
});

describe("navFor", () => {
  it.each([
    ["admin", ["/inbox", "/calls", "/supervisor", "/appointments", "/analytics", "/settings"]],
    ["supervisor", ["/inbox", "/calls", "/supervisor", "/appointments", "/analytics"]],
    ["agent", ["/inbox", "/calls", "/appointments"]],
  ] as const)("%s sees %j", (role, hrefs) => {
    expect(navFor(role).map((n) => n.href)).toEqual(hrefs);
  });
});
