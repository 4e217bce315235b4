import { AppError } from "@/lib/core/app-error";
import { isWindowOpen } from "@/lib/whatsapp/window";

/**
 * The one place that owns the 24-hour-window decision (CONVENTIONS §7, reference §3.1): inside the
 * window anything may be sent; outside it only a template. Meta would accept a free-form send
 * outside the window and fail it asynchronously with 131047, so refusing here gives the agent the
 * answer at once. Internal notes never reach this function: they are never sent.
 */
export function assertCanSend(kind: string, windowExpiresAt: Date | null, now: Date = new Date()): void {
  if (kind === "note") throw new AppError("INVALID_STATE", { userMessage: "Internal notes are never sent to WhatsApp." });
  if (kind === "template") return;
  if (!isWindowOpen(windowExpiresAt, now)) {
    throw new AppError("INVALID_STATE", {
      userMessage: "The 24-hour window is closed; send a template",
      details: { reason: "window_closed", windowExpiresAt: windowExpiresAt?.toISOString() ?? null },
    });
  }
}
