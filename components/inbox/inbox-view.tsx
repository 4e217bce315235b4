"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { Keyboard, MessageSquare, WifiOff } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { apiFetch } from "@/components/shell/api-fetch";
import { cn } from "@/components/ui/cn";
import { useRealtimeEvents, useRealtimeStatus } from "@/lib/realtime-client/use-realtime";
import type { RealtimeEvent } from "@/lib/realtime-client/event-stream-client";
import { ContactPanel } from "./contact-panel";
import { ConversationList } from "./conversation-list";
import { getConversation, heartbeatViewing, listConversations, markConversationRead, qk } from "./inbox-api";
import {
  applyConversation,
  applyStatus,
  optimisticCopyOf,
  upsertMessage,
  type ConversationPages,
  type MessagePages,
} from "./inbox-cache";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { Thread, type ThreadHandle } from "./thread";
import type { ConversationDTO, ConversationFilters, MessageDTO, MessageStatus, UserRef } from "./types";

/**
 * The agent inbox: conversation list · thread · contact panel on wide screens, one pane at a time
 * on a phone. Everything stays live through the tab's SSE stream; the URL follows the open
 * conversation (/inbox/{id}) without a server round trip.
 */
const DEFAULT_FILTERS: ConversationFilters = {
  assignee: "all",
  status: "open",
  unread: false,
  label: "",
  q: "",
};
const VIEWING_HEARTBEAT_MS = 20_000;

interface MeDto {
  id: string | null;
  name: string;
}

function useNow(ms = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (cb) => {
      const mq = window.matchMedia(query);
      mq.addEventListener("change", cb);
      return () => mq.removeEventListener("change", cb);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) ||
    !!el.closest("[role=menu],dialog")
  );
}

/** Apply a changed conversation to every cached list and to its own entry. */
function putConversation(qc: QueryClient, c: ConversationDTO, meId: string | null) {
  qc.setQueryData(qk.conversation(c.id), c);
  for (const [key, data] of qc.getQueriesData<ConversationPages>({ queryKey: qk.conversationsAll })) {
    const filters = key[1] as ConversationFilters | undefined;
    if (!filters || !data) continue;
    const next = applyConversation(data, c, filters, meId);
    if (next === "refetch") void qc.invalidateQueries({ queryKey: key, exact: true });
    else qc.setQueryData(key, next);
  }
}

export function InboxView({ initialConversationId = null }: { initialConversationId?: string | null }) {
  const qc = useQueryClient();
  const now = useNow();
  const me = useQuery({ queryKey: ["me"], queryFn: () => apiFetch<MeDto>("/api/v1/me") });
  const meRef: UserRef | null = me.data?.id ? { id: me.data.id, name: me.data.name } : null;
  const meId = meRef?.id ?? null;

  const [filters, setFilters] = useState<ConversationFilters>(DEFAULT_FILTERS);
  const [search, setSearch] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(initialConversationId);
  // The contact panel starts open where there is room for three panes next to the sidebar.
  const wide = useMediaQuery("(min-width: 1536px)");
  const [contactChoice, setContactOpen] = useState<boolean | null>(null);
  const contactOpen = contactChoice ?? wide;
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [viewers, setViewers] = useState<Record<string, UserRef[]>>({});
  const searchRef = useRef<HTMLInputElement>(null);
  const thread = useRef<ThreadHandle>(null);

  // Debounced server-side search.
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 300);
    return () => clearTimeout(t);
  }, [search]);

  const conversations = useInfiniteQuery({
    queryKey: qk.conversations(filters),
    queryFn: ({ pageParam }) => listConversations(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => conversations.data?.pages.flatMap((p) => p.data) ?? [], [conversations.data]);
  const knownLabels = useMemo(
    () => [...new Set([...rows.flatMap((r) => r.labels), ...(filters.label ? [filters.label] : [])])].sort(),
    [rows, filters.label],
  );

  const fromList = rows.find((r) => r.id === selectedId);
  const selected = useQuery({
    queryKey: qk.conversation(selectedId ?? "none"),
    queryFn: () => getConversation(selectedId!),
    enabled: !!selectedId,
    placeholderData: fromList,
  });
  const conversation = selected.data ?? fromList ?? null;

  const select = useCallback((id: string | null, push = true) => {
    setSelectedId(id);
    if (push) window.history.pushState(null, "", id ? `/inbox/${encodeURIComponent(id)}` : "/inbox");
  }, []);
  useEffect(() => {
    const onPop = () => {
      const m = /^\/inbox\/([^/]+)/.exec(window.location.pathname);
      setSelectedId(m ? decodeURIComponent(m[1]!) : null);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const rowsRef = useRef(rows);
  const meIdRef = useRef(meId);
  const selectedRef = useRef(selectedId);
  useEffect(() => {
    rowsRef.current = rows;
    meIdRef.current = meId;
    selectedRef.current = selectedId;
  });

  // Mark read when opened and whenever a customer message lands in the open, visible thread.
  const readTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const markRead = useCallback(
    (id: string) => {
      if (readTimer.current) clearTimeout(readTimer.current);
      readTimer.current = setTimeout(() => {
        markConversationRead(id)
          .then(() => {
            const c =
              qc.getQueryData<ConversationDTO>(qk.conversation(id)) ??
              rowsRef.current.find((r) => r.id === id);
            if (c && c.unreadCount > 0) putConversation(qc, { ...c, unreadCount: 0 }, meIdRef.current);
          })
          .catch(() => undefined); // best effort: the badge clears on the next read
      }, 300);
    },
    [qc],
  );
  useEffect(() => {
    if (selectedId) markRead(selectedId);
  }, [selectedId, markRead]);

  // "Who else is viewing": heartbeat while a conversation is open.
  useEffect(() => {
    if (!selectedId) return;
    let stopped = false;
    const beat = () =>
      heartbeatViewing(selectedId)
        .then((r) => !stopped && setViewers((v) => ({ ...v, [selectedId]: r.viewers })))
        .catch(() => undefined); // presence is decoration; a missed beat only hides avatars
    void beat();
    const t = setInterval(beat, VIEWING_HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [selectedId]);

  const onEvent = useCallback(
    (e: RealtimeEvent) => {
      const d = (e.data ?? {}) as Record<string, unknown>;
      switch (e.type) {
        case "message.created": {
          const message = d.message as MessageDTO | undefined;
          const conversationId = (message?.conversationId ?? d.conversationId) as string | undefined;
          if (!conversationId) return;
          if (message && message.type !== "reaction" && qc.getQueryData(qk.messages(conversationId))) {
            qc.setQueryData<MessagePages>(qk.messages(conversationId), (old) =>
              upsertMessage(old, message, { tempId: optimisticCopyOf(old, message) }),
            );
          } else {
            void qc.invalidateQueries({ queryKey: qk.messages(conversationId) });
          }
          if (!message) void qc.invalidateQueries({ queryKey: qk.conversationsAll });
          const direction = message?.direction ?? d.direction;
          if (
            direction === "inbound" &&
            conversationId === selectedRef.current &&
            document.visibilityState === "visible"
          )
            markRead(conversationId);
          return;
        }
        case "message.status_changed": {
          const conversationId = d.conversationId as string;
          qc.setQueryData<MessagePages>(qk.messages(conversationId), (old) =>
            applyStatus(
              old,
              d.messageId as string,
              d.status as MessageStatus,
              (d.error as MessageDTO["error"]) ?? undefined,
            ),
          );
          return;
        }
        case "conversation.updated":
        case "conversation.created": {
          const c = d.conversation as ConversationDTO | undefined;
          if (c) {
            putConversation(qc, c, meIdRef.current);
          } else {
            void qc.invalidateQueries({ queryKey: qk.conversationsAll });
            if (typeof d.conversationId === "string")
              void qc.invalidateQueries({ queryKey: qk.conversation(d.conversationId) });
          }
          return;
        }
        case "conversation.viewers_changed": {
          if (typeof d.conversationId === "string" && Array.isArray(d.viewers))
            setViewers((v) => ({ ...v, [d.conversationId as string]: d.viewers as UserRef[] }));
          return;
        }
      }
    },
    [qc, markRead],
  );
  useRealtimeEvents(onEvent);

  // After a reconnect the server replays from Last-Event-ID; refetching too covers an expired log.
  const rt = useRealtimeStatus();
  const wasDown = useRef(false);
  useEffect(() => {
    if (rt === "reconnecting") wasDown.current = true;
    if (rt === "open" && wasDown.current) {
      wasDown.current = false;
      void qc.invalidateQueries({ queryKey: qk.conversationsAll });
      if (selectedRef.current) void qc.invalidateQueries({ queryKey: qk.messages(selectedRef.current) });
    }
  }, [rt, qc]);

  // Keyboard shortcuts (ignored while typing).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      const list = rowsRef.current;
      const i = list.findIndex((r) => r.id === selectedRef.current);
      const move = (delta: number) => {
        const next = list[Math.min(list.length - 1, Math.max(0, i < 0 ? 0 : i + delta))];
        if (next) select(next.id);
      };
      switch (e.key) {
        case "j":
        case "ArrowDown":
          move(1);
          break;
        case "k":
        case "ArrowUp":
          move(-1);
          break;
        case "/":
          searchRef.current?.focus();
          break;
        case "r":
          thread.current?.focusComposer();
          break;
        case "e":
          thread.current?.resolveOrReopen();
          break;
        case "a":
          thread.current?.openAssign();
          break;
        case "?":
          setShortcutsOpen(true);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [select]);

  return (
    <div
      className="-mx-4 -my-6 flex h-[calc(100dvh-3.5rem)] min-h-0 overflow-hidden bg-white sm:-mx-6 md:h-dvh lg:-mx-10 lg:-my-8"
      data-testid="inbox"
    >
      <h1 className="sr-only">Inbox</h1>
      <div
        className={cn(
          "min-h-0 w-full shrink-0 border-r border-slate-200 md:flex md:w-72 lg:w-80",
          selectedId ? "hidden" : "flex",
        )}
      >
        <div className="flex min-h-0 w-full flex-col">
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2.5">
            <span className="text-base font-semibold text-slate-900">Inbox</span>
            <span className="flex items-center gap-2">
              {rt === "reconnecting" ? (
                <span role="status" className="inline-flex items-center gap-1 text-xs text-amber-700">
                  <WifiOff aria-hidden className="size-3.5" /> Reconnecting…
                </span>
              ) : null}
              <button
                type="button"
                onClick={() => setShortcutsOpen(true)}
                aria-label="Keyboard shortcuts"
                title="Keyboard shortcuts (?)"
                className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100"
              >
                <Keyboard aria-hidden className="size-4" />
              </button>
            </span>
          </div>
          <div className="min-h-0 flex-1">
            <ConversationList
              ref={searchRef}
              query={conversations}
              filters={filters}
              search={search}
              onSearch={setSearch}
              onFilters={setFilters}
              selectedId={selectedId}
              onSelect={(id) => select(id)}
              viewers={viewers}
              meId={meId}
              knownLabels={knownLabels}
              now={now}
            />
          </div>
        </div>
      </div>

      <div className={cn("min-h-0 min-w-0 flex-1", selectedId ? "flex" : "hidden md:flex")}>
        {selectedId && conversation ? (
          <div className="min-h-0 min-w-0 flex-1">
            <Thread
              ref={thread}
              key={conversation.id}
              conversation={conversation}
              me={meRef}
              viewers={viewers[conversation.id] ?? conversation.viewers ?? []}
              onBack={() => select(null)}
              contactOpen={contactOpen}
              onToggleContact={() => setContactOpen(!contactOpen)}
              onConversationChanged={(c) => putConversation(qc, c, meId)}
            />
          </div>
        ) : selectedId && selected.isError ? (
          <div className="flex flex-1 flex-col items-center justify-center p-6 text-center">
            <p className="text-sm font-medium text-slate-900">This conversation could not be opened.</p>
            <p className="mt-1 text-sm text-slate-500">{selected.error.message}</p>
            <button
              type="button"
              onClick={() => select(null)}
              className="mt-3 text-sm font-medium text-brand-700 underline"
            >
              Back to the list
            </button>
          </div>
        ) : selectedId ? (
          <div className="flex flex-1 items-center justify-center text-sm text-slate-500">
            Loading conversation…
          </div>
        ) : (
          <div className="flex flex-1 flex-col items-center justify-center bg-slate-50 p-6 text-center">
            <div className="mb-3 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
              <MessageSquare aria-hidden className="size-6" />
            </div>
            <p className="text-sm font-medium text-slate-900">Pick a conversation</p>
            <p className="mt-1 max-w-xs text-sm text-slate-500">
              Choose one from the list, or press{" "}
              <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-xs">j</kbd> to open
              the first. Press{" "}
              <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-xs">?</kbd> for all
              shortcuts.
            </p>
          </div>
        )}
        {selectedId && conversation && contactOpen ? (
          <div
            className="fixed inset-0 z-40 flex justify-end bg-slate-900/30 2xl:static 2xl:z-auto 2xl:block 2xl:bg-transparent"
            onClick={(e) => e.target === e.currentTarget && setContactOpen(false)}
          >
            <ContactPanel
              conversation={conversation}
              onClose={() => setContactOpen(false)}
              onSelect={(id) => select(id)}
              className="w-full max-w-sm shadow-xl sm:w-80 2xl:shadow-none"
            />
          </div>
        ) : null}
      </div>

      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </div>
  );
}
