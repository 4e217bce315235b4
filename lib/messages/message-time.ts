/**
 * When an inbound message happened, to the millisecond: Meta's timestamp has whole seconds, so two
 * messages written within one second would tie and a thread ordered by time could show them either
 * way round. Within Meta's second, the moment its webhook reached us orders them (Meta → us takes
 * well under a second); a webhook later than that second keeps the second's last millisecond, and a
 * clock behind Meta's keeps Meta's timestamp.
 */
export function messageTime(metaTimestamp: Date, receivedAt: Date): Date {
  const ts = metaTimestamp.getTime();
  return new Date(Math.min(Math.max(receivedAt.getTime(), ts), ts + 999));
}
