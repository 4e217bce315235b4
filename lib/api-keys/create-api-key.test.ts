import { describe, expect, it } from "vitest";
import { impliedScopes } from "./create-api-key";

describe("impliedScopes", () => {
  it.each([
    [["read"], ["read"]],
    [["write"], ["read", "write"]],
    [["admin"], ["read", "write", "admin"]],
    [["admin", "read"], ["read", "write", "admin"]],
    [["read", "write", "write"], ["read", "write"]],
  ] as const)("%j → %j", (input, expected) => {
    expect(impliedScopes(input)).toEqual(expected);
  });
});
