import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { assertCanSend } from "./assert-can-send";

describe("assertCanSend (24-hour window)", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const open = new Date("2026-03-01T12:00:01Z");
  const closed = new Date("2026-03-01T12:00:00Z");

  it("allows free-form messages while the window is open", () => {
    for (const kind of ["text", "media", "reaction", "location"]) expect(() => assertCanSend(kind, open, now)).not.toThrow();
  });

  it("refuses free text at and after the expiry instant, and when the customer never wrote", () => {
    for (const w of [closed, null]) {
      try {
        assertCanSend("text", w, now);
        expect.unreachable();
      } catch (err) {
        expect(AppError.is(err, "INVALID_STATE")).toBe(true);
        expect((err as AppError).userMessage).toBe("The 24-hour window is closed; send a template");
      }
    }
  });

  it("always allows templates and never sends notes", () => {
    expect(() => assertCanSend("template", null, now)).not.toThrow();
    expect(() => assertCanSend("note", open, now)).toThrow(AppError);
  });
});
