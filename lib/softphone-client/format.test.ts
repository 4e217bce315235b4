import { describe, expect, it } from "vitest";
import { formatDuration, statusLabel, statusTone } from "./format";

describe("formatDuration", () => {
  it("formats seconds as m:ss and h:mm:ss", () => {
    expect(formatDuration(7)).toBe("0:07");
    expect(formatDuration(754)).toBe("12:34");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-1)).toBe("—");
  });
});

describe("status display", () => {
  it("labels and colours every status", () => {
    expect(statusLabel("no_answer")).toBe("No answer");
    expect(statusLabel("something_new")).toBe("something new");
    expect(statusTone("failed")).toBe("red");
    expect(statusTone("missed")).toBe("amber");
    expect(statusTone("completed")).toBe("green");
  });
});
