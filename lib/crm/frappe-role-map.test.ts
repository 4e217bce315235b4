import { describe, expect, it } from "vitest";
import { DEFAULT_FRAPPE_ROLE_MAP, mapFrappeRoles, parseFrappeRoleMap } from "./frappe-role-map";

describe("FRAPPE_ROLE_MAP", () => {
  const map = parseFrappeRoleMap(DEFAULT_FRAPPE_ROLE_MAP);

  it("maps each Frappe role and picks the highest", () => {
    expect(mapFrappeRoles(["Sales User", "All", "Guest"], map)).toBe("agent");
    expect(mapFrappeRoles(["Sales User", "Sales Manager"], map)).toBe("supervisor");
    expect(mapFrappeRoles(["Sales Manager", "System Manager", "Sales User"], map)).toBe("admin");
    expect(mapFrappeRoles(["sales user"], map)).toBe("agent");
  });

  it("no mapped role → null (sign-in refused)", () => {
    expect(mapFrappeRoles(["Website User", "All", "Guest"], map)).toBeNull();
    expect(mapFrappeRoles([], map)).toBeNull();
  });

  it("parses a custom rule and rejects a malformed one, naming the part", () => {
    const custom = parseFrappeRoleMap(" Accounts User = agent , Administrator=ADMIN ");
    expect(custom).toEqual([
      { frappeRole: "Accounts User", role: "agent" },
      { frappeRole: "Administrator", role: "admin" },
    ]);
    expect(mapFrappeRoles(["Sales User"], custom)).toBeNull();
    expect(() => parseFrappeRoleMap("Sales User=boss")).toThrow(/Sales User=boss/);
    expect(() => parseFrappeRoleMap("=agent")).toThrow();
    expect(parseFrappeRoleMap("")).toEqual(map);
  });
});
