/**
 * Softphone keyboard shortcuts. The inbox owns single-key shortcuts (j/k/r/e…), so the softphone
 * only uses combinations that cannot clash: Ctrl/⌘+Enter accepts a ringing call, Escape declines a
 * ringing call or hangs up an active one (never while the user is typing in a field, where Escape
 * belongs to the field or an open dialog), Ctrl/⌘+Shift+M toggles mute, Ctrl/⌘+Shift+H hold.
 */
export type SoftphoneAction = "accept" | "decline" | "hangup" | "toggle_mute" | "toggle_hold";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The event already handled by something else (an open dialog's Escape). */
  defaultPrevented?: boolean;
  /** Tag name of the focused element (INPUT, TEXTAREA, SELECT) and contentEditable. */
  targetTag?: string | null;
  targetEditable?: boolean;
}

export type SoftphonePhase = "idle" | "ringing" | "outgoing" | "active";

export function shortcutFor(e: KeyLike, phase: SoftphonePhase): SoftphoneAction | null {
  if (phase === "idle" || e.defaultPrevented || e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  const typing = e.targetEditable === true || ["INPUT", "TEXTAREA", "SELECT"].includes((e.targetTag ?? "").toUpperCase());
  if (mod && !e.shiftKey && e.key === "Enter") return phase === "ringing" ? "accept" : null;
  if (!mod && !e.shiftKey && e.key === "Escape" && !typing) {
    if (phase === "ringing") return "decline";
    return "hangup";
  }
  if (mod && e.shiftKey && phase === "active") {
    const k = e.key.toLowerCase();
    if (k === "m") return "toggle_mute";
    if (k === "h") return "toggle_hold";
  }
  return null;
}
