/**
 * The 24-hour customer-service window (reference §3.1): opened/refreshed for 24 h by a user
 * message, a user call (answered or not) or an accepted business-initiated call. Inside it any
 * message type may be sent; outside only templates (free-form sends fail async with 131047).
 */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowExpiresAt(lastUserMessageAt: Date): Date {
  return new Date(lastUserMessageAt.getTime() + WINDOW_MS);
}

/** Open strictly before the expiry instant; closed at and after it, and when never opened. */
export function isWindowOpen(expiresAt: Date | null | undefined, now: Date = new Date()): boolean {
  return !!expiresAt && now.getTime() < expiresAt.getTime();
}

/** Milliseconds left in the window (0 when closed or never opened). */
export function remaining(expiresAt: Date | null | undefined, now: Date = new Date()): number {
  if (!expiresAt) return 0;
  return Math.max(0, expiresAt.getTime() - now.getTime());
}

/** A later user message only ever extends the window (out-of-order webhooks must not shorten it). */
export function extendWindow(currentExpiresAt: Date | null | undefined, userActivityAt: Date): Date {
  const candidate = windowExpiresAt(userActivityAt);
  return currentExpiresAt && currentExpiresAt.getTime() > candidate.getTime() ? currentExpiresAt : candidate;
}
