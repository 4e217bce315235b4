import type { TViewer } from "./conversation.schema";

/**
 * "Who else is viewing": an in-memory map per conversation of viewers with an expiry, refreshed
 * by heartbeats. Per process on purpose — presence is advisory and short-lived; with several web
 * instances each sees its own heartbeats, and the `conversation.viewers_changed` events (fanned out
 * through Redis) carry each instance's view.
 */
export const VIEWER_TTL_MS = 30_000;

const byConversation = new Map<string, Map<string, TViewer & { until: number }>>();

function prune(conversationId: string, now: number): Map<string, TViewer & { until: number }> {
  const m = byConversation.get(conversationId) ?? new Map<string, TViewer & { until: number }>();
  for (const [id, v] of m) if (v.until <= now) m.delete(id);
  if (m.size === 0) byConversation.delete(conversationId);
  else byConversation.set(conversationId, m);
  return m;
}

const key = (viewers: TViewer[]) => viewers.map((v) => v.id).sort().join(",");

/** Records a heartbeat; returns the viewers now and whether the set changed. */
export function touchViewer(conversationId: string, viewer: TViewer, now = Date.now()): { viewers: TViewer[]; changed: boolean } {
  const m = prune(conversationId, now);
  const before = key([...m.values()]);
  m.set(viewer.id, { ...viewer, until: now + VIEWER_TTL_MS });
  byConversation.set(conversationId, m);
  const viewers = [...m.values()].map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  return { viewers, changed: key(viewers) !== before };
}

export function currentViewers(conversationId: string, now = Date.now()): TViewer[] {
  return [...prune(conversationId, now).values()].map(({ id, name }) => ({ id, name }));
}
