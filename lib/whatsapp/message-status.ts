/**
 * Outbound message status ordering (reference §2.2, §1.4).
 *
 * Meta gives no ordering guarantee: `read` can arrive before (or without) `delivered`, and
 * redeliveries can bring an old `sent` after `read`. A status only ever moves forward:
 *   pending < sent < delivered < read < played
 * `failed` (with errors[]) is terminal. It is applied while the message has not reached the phone
 * (pending or sent — "failed after sent", e.g. async 131047/131026), and ignored once the message
 * was delivered or read: the user saw it, a late failure cannot undo that.
 */
export const MESSAGE_STATUSES = ["pending", "sent", "delivered", "read", "played", "failed"] as const;
export type TMessageStatus = (typeof MESSAGE_STATUSES)[number];

const RANK: Record<Exclude<TMessageStatus, "failed">, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  /** Voice message first played; implies read. */
  played: 4,
};

export function isMessageStatus(s: string): s is TMessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(s);
}

/** The status to store after `incoming` arrives, or null to ignore it (stale, duplicate or terminal). */
export function nextStatus(current: TMessageStatus, incoming: TMessageStatus): TMessageStatus | null {
  if (current === incoming) return null;
  if (current === "failed") return null;
  if (incoming === "failed") return current === "pending" || current === "sent" ? "failed" : null;
  return RANK[incoming] > RANK[current] ? incoming : null;
}
