import { describe, expect, it } from "vitest";
import { shortcutFor, type KeyLike } from "./shortcuts";

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...extra,
});

describe("shortcutFor", () => {
  it("accepts a ringing call with Ctrl+Enter or ⌘+Enter, and nothing else with Enter", () => {
    expect(shortcutFor(key("Enter", { ctrlKey: true }), "ringing")).toBe("accept");
    expect(shortcutFor(key("Enter", { metaKey: true }), "ringing")).toBe("accept");
    expect(shortcutFor(key("Enter"), "ringing")).toBeNull();
    expect(shortcutFor(key("Enter", { ctrlKey: true }), "active")).toBeNull();
  });

  it("Escape declines when ringing and hangs up otherwise, but not while typing or after a dialog took it", () => {
    expect(shortcutFor(key("Escape"), "ringing")).toBe("decline");
    expect(shortcutFor(key("Escape"), "active")).toBe("hangup");
    expect(shortcutFor(key("Escape"), "outgoing")).toBe("hangup");
    expect(shortcutFor(key("Escape", { targetTag: "textarea" }), "active")).toBeNull();
    expect(shortcutFor(key("Escape", { targetEditable: true }), "ringing")).toBeNull();
    expect(shortcutFor(key("Escape", { defaultPrevented: true }), "active")).toBeNull();
  });

  it("never reacts to the inbox's single keys, and nothing when idle", () => {
    for (const k of ["j", "k", "r", "e", "m", "h", "?"]) expect(shortcutFor(key(k), "active")).toBeNull();
    expect(shortcutFor(key("Escape"), "idle")).toBeNull();
  });

  it("mute and hold need Ctrl/⌘+Shift during an active call", () => {
    expect(shortcutFor(key("M", { ctrlKey: true, shiftKey: true }), "active")).toBe("toggle_mute");
    expect(shortcutFor(key("h", { metaKey: true, shiftKey: true }), "active")).toBe("toggle_hold");
    expect(shortcutFor(key("m", { ctrlKey: true, shiftKey: true }), "ringing")).toBeNull();
  });
});
