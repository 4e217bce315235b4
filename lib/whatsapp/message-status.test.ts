import { describe, expect, it } from "vitest";
import { nextStatus } from "./message-status";

describe("nextStatus", () => {
  it("moves forward along pending → sent → delivered → read → played", () => {
    expect(nextStatus("pending", "sent")).toBe("sent");
    expect(nextStatus("sent", "delivered")).toBe("delivered");
    expect(nextStatus("delivered", "read")).toBe("read");
    expect(nextStatus("read", "played")).toBe("played");
  });

  it("applies read when delivered was skipped or arrives later", () => {
    expect(nextStatus("sent", "read")).toBe("read");
    expect(nextStatus("pending", "read")).toBe("read");
  });

  it("never moves backwards (read before delivered, sent after read)", () => {
    expect(nextStatus("read", "delivered")).toBeNull();
    expect(nextStatus("read", "sent")).toBeNull();
    expect(nextStatus("delivered", "sent")).toBeNull();
    expect(nextStatus("played", "read")).toBeNull();
  });

  it("ignores duplicates", () => {
    expect(nextStatus("sent", "sent")).toBeNull();
    expect(nextStatus("failed", "failed")).toBeNull();
  });

  it("applies failed after pending or sent, not after the message reached the phone", () => {
    expect(nextStatus("sent", "failed")).toBe("failed");
    expect(nextStatus("pending", "failed")).toBe("failed");
    expect(nextStatus("delivered", "failed")).toBeNull();
    expect(nextStatus("read", "failed")).toBeNull();
  });

  it("treats failed as terminal", () => {
    expect(nextStatus("failed", "sent")).toBeNull();
    expect(nextStatus("failed", "delivered")).toBeNull();
    expect(nextStatus("failed", "read")).toBeNull();
  });
});
