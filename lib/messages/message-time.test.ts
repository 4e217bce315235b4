import { describe, expect, it } from "vitest";
import { messageTime } from "./message-time";

describe("messageTime", () => {
  const second = new Date("2026-11-28T10:00:05.000Z");
  it("orders two messages of one Meta second by when their webhooks arrived", () => {
    const a = messageTime(second, new Date("2026-11-28T10:00:05.210Z"));
    const b = messageTime(second, new Date("2026-11-28T10:00:05.480Z"));
    expect(a.toISOString()).toBe("2026-11-28T10:00:05.210Z");
    expect(b.getTime()).toBeGreaterThan(a.getTime());
  });
  it("stays within Meta's second: a late webhook takes its last millisecond, a clock behind Meta's takes the second itself", () => {
    expect(messageTime(second, new Date("2026-11-28T10:07:00.000Z")).toISOString()).toBe("2026-11-28T10:00:05.999Z");
    expect(messageTime(second, new Date("2026-11-28T10:00:04.300Z")).toISOString()).toBe("2026-11-28T10:00:05.000Z");
  });
});
