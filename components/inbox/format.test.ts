import { describe, expect, it } from "vitest";
import {
  contactName,
  fileSize,
  fillTemplate,
  initials,
  isWindowOpen,
  placeholders,
  shortTime,
  windowRemaining,
} from "./format";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const inMs = (ms: number) => new Date(NOW + ms).toISOString();

describe("inbox format helpers", () => {
  it("counts the window down in hours and minutes and reports it closed at expiry", () => {
    expect(windowRemaining(inMs(3 * 3_600_000 + 12 * 60_000 + 30_000), NOW)).toBe("3 h 12 m");
    expect(windowRemaining(inMs(12 * 60_000), NOW)).toBe("12 m");
    expect(windowRemaining(inMs(20_000), NOW)).toBe("<1 m");
    expect(windowRemaining(inMs(0), NOW)).toBeNull();
    expect(windowRemaining(null, NOW)).toBeNull();
    expect(isWindowOpen(inMs(1), NOW)).toBe(true);
    expect(isWindowOpen(inMs(-1), NOW)).toBe(false);
  });

  it("names contacts by name, then username, then phone", () => {
    expect(contactName({ name: "Asha", username: "@asha", phone: "+91 98", waId: "9198" })).toBe("Asha");
    expect(contactName({ name: null, username: "@asha", phone: null, waId: "US.1" })).toBe("@asha");
    expect(contactName({ name: " ", username: null, phone: null, waId: "919812345678" })).toBe(
      "+919812345678",
    );
    expect(contactName({ name: null, username: null, phone: null, waId: "US.1349120865530" })).toBe(
      "US.1349120865530",
    );
    expect(initials("@asha")).toBe("A");
    expect(initials("Ravi Kumar Sharma")).toBe("RK");
  });

  it("shows compact times", () => {
    expect(shortTime(inMs(-30_000), NOW)).toBe("now");
    expect(shortTime(inMs(-5 * 60_000), NOW)).toBe("5m");
    expect(shortTime(inMs(-3 * 3_600_000), NOW)).toBe("3h");
  });

  it("fills positional and named template parameters", () => {
    const t = "Hi {{1}}, order {{2}} ships {{1}}";
    expect(placeholders(t)).toEqual(["1", "2"]);
    expect(fillTemplate(t, { "1": "Asha", "2": "" })).toBe("Hi Asha, order {{2}} ships Asha");
    expect(placeholders("Hello {{customer_name}} at {{visit_time}}")).toEqual([
      "customer_name",
      "visit_time",
    ]);
  });

  it("formats file sizes", () => {
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(2048)).toBe("2.0 KB");
    expect(fileSize(3 * 1024 * 1024)).toBe("3.0 MB");
  });
});
