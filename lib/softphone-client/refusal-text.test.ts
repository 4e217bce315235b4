import { describe, expect, it } from "vitest";
import { metaCodeIn, refusalView } from "./refusal-text";

describe("refusalView", () => {
  it("explains Meta's refusal codes and keeps the code", () => {
    expect(refusalView({ code: 138006, message: "x" })).toEqual({
      code: "138006",
      text: expect.stringContaining("No call permission"),
    });
    expect(refusalView({ code: "138012", message: "x" })?.text).toMatch(/Daily limit/);
    expect(refusalView({ code: "131009", message: "x" })?.text).toMatch(/country/);
    expect(refusalView({ code: "NO_PERMISSION", message: "x" })?.text).toMatch(/permission request/);
  });

  it("falls back to the server's message for unknown codes, and null without an error", () => {
    expect(refusalView({ code: "999", message: "Something odd" })).toEqual({ code: "999", text: "Something odd" });
    expect(refusalView(null)).toBeNull();
  });

  it("finds a Meta code inside a message", () => {
    expect(metaCodeIn("(#138006) No approved call permission")).toBe("138006");
    expect(metaCodeIn("plain")).toBeNull();
  });
});
