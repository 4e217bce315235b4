import type { InfiniteData } from "@tanstack/react-query";
import type { ConversationDTO, ConversationFilters, MessageDTO, MessageStatus, Page } from "./types";

/**
 * Pure updates of the react-query caches from optimistic sends, API answers and SSE events.
 * Messages pages are newest first (as the API returns them).
 */
export type MessagePages = InfiniteData<Page<MessageDTO>, string | null>;
export type ConversationPages = InfiniteData<Page<ConversationDTO>, string | null>;

/**
 * Meta's statuses can arrive out of order (read before delivered, reference §2.2); the server
 * already refuses to move backwards, and the browser does too because an SSE event and a refetch
 * can cross. `failed` wins over anything but `read`; a retry resets to `pending` explicitly.
 */
const RANK: Record<MessageStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 2.5,
  received: 0,
  deleted: 4,
};

export function isForward(from: MessageStatus, to: MessageStatus): boolean {
  return RANK[to] >= RANK[from];
}

export function allMessages(data: MessagePages | undefined): MessageDTO[] {
  return data ? data.pages.flatMap((p) => p.data) : [];
}

/** Insert or replace by id (and drop the optimistic copy `tempId`), keeping the newest-first order. */
export function upsertMessage(
  data: MessagePages | undefined,
  message: MessageDTO,
  opts: { tempId?: string; force?: boolean } = {},
): MessagePages | undefined {
  const { tempId, force = false } = opts;
  if (!data) return data;
  let found = false;
  const pages = data.pages.map((page) => ({
    ...page,
    data: page.data.flatMap((m) => {
      if (tempId && m.id === tempId && m.id !== message.id) return [];
      if (m.id === message.id) {
        found = true;
        // Keep the further-along status if an SSE update already moved it past this copy.
        return [
          !force && RANK[m.status] > RANK[message.status]
            ? { ...message, status: m.status, error: m.error }
            : message,
        ];
      }
      return [m];
    }),
  }));
  if (!found) {
    const first = pages[0] ?? { data: [], nextCursor: null };
    pages[0] = {
      ...first,
      data: [message, ...first.data].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    };
  }
  return { ...data, pages };
}

/**
 * The optimistic copy a `message.created` event stands for: our own send whose server copy arrived
 * over SSE before the POST answered (the oldest pending copy with the same sender, type and text).
 * Dropping it then keeps the thread from showing the message twice until the answer comes.
 */
export function optimisticCopyOf(data: MessagePages | undefined, message: MessageDTO): string | undefined {
  if (message.direction !== "outbound" || !message.sender) return undefined;
  const copies = allMessages(data).filter(
    (m) =>
      m.id.startsWith("tmp-") &&
      m.sender?.id === message.sender?.id &&
      m.type === message.type &&
      (m.body ?? null) === (message.body ?? null),
  );
  return copies[copies.length - 1]?.id; // newest first: the last is the oldest
}

export function patchMessage(
  data: MessagePages | undefined,
  id: string,
  patch: (m: MessageDTO) => MessageDTO,
): MessagePages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({ ...p, data: p.data.map((m) => (m.id === id ? patch(m) : m)) })),
  };
}

export function applyStatus(
  data: MessagePages | undefined,
  id: string,
  status: MessageStatus,
  error: MessageDTO["error"] | undefined,
): MessagePages | undefined {
  return patchMessage(data, id, (m) =>
    isForward(m.status, status)
      ? { ...m, status, error: status === "failed" ? (error ?? m.error) : m.error }
      : m,
  );
}

export function matchesFilters(c: ConversationDTO, f: ConversationFilters, meId: string | null): boolean {
  if (f.status === "open" && c.status === "resolved") return false;
  if (f.status === "resolved" && c.status !== "resolved") return false;
  if (f.assignee === "me" && c.assignee?.id !== meId) return false;
  if (f.assignee === "unassigned" && c.assignee) return false;
  if (f.unread && c.unreadCount === 0) return false;
  if (f.label && !c.labels.includes(f.label)) return false;
  return true;
}

const byRecent = (a: ConversationDTO, b: ConversationDTO) =>
  (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt);

/**
 * Apply a changed conversation to one list. Returns "refetch" when the change cannot be placed
 * locally (a new row under a search query, whose matching only the server knows).
 */
export function applyConversation(
  data: ConversationPages | undefined,
  c: ConversationDTO,
  f: ConversationFilters,
  meId: string | null,
): ConversationPages | undefined | "refetch" {
  if (!data) return data;
  const present = data.pages.some((p) => p.data.some((x) => x.id === c.id));
  const matches = matchesFilters(c, f, meId);
  if (!present && matches && f.q.trim()) return "refetch";
  let rows = data.pages.flatMap((p) => p.data).filter((x) => x.id !== c.id);
  if (matches) rows = [...rows, c].sort(byRecent);
  // Re-split into the same page sizes so cursors stay attached to their pages.
  let offset = 0;
  const pages = data.pages.map((p, i) => {
    const size =
      i === data.pages.length - 1
        ? rows.length - offset
        : p.data.length + (i === 0 && !present && matches ? 1 : 0);
    const slice = rows.slice(offset, offset + Math.max(0, size));
    offset += slice.length;
    return { ...p, data: slice };
  });
  return { ...data, pages };
}
