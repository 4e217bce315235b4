"use client";

import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { Clock, Inbox, RefreshCw, Search } from "lucide-react";
import { forwardRef, useEffect, useRef } from "react";
import { errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { contactName, initials, isWindowOpen, shortTime } from "./format";
import type { ConversationDTO, ConversationFilters, Page, UserRef } from "./types";

export interface ConversationListProps {
  query: UseInfiniteQueryResult<InfiniteData<Page<ConversationDTO>, unknown>>;
  filters: ConversationFilters;
  search: string;
  onSearch: (q: string) => void;
  onFilters: (f: ConversationFilters) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  viewers: Record<string, UserRef[]>;
  meId: string | null;
  knownLabels: string[];
  now: number;
}

const ASSIGNEE_TABS: { value: ConversationFilters["assignee"]; label: string }[] = [
  { value: "me", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
  { value: "all", label: "All" },
];

export const ConversationList = forwardRef<HTMLInputElement, ConversationListProps>(function ConversationList(
  { query, filters, search, onSearch, onFilters, selectedId, onSelect, viewers, meId, knownLabels, now },
  searchRef,
) {
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section aria-label="Conversations" className="flex h-full min-h-0 flex-col bg-white">
      <div className="space-y-2 border-b border-slate-200 p-3">
        <div className="relative">
          <Search
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
          />
          <input
            ref={searchRef}
            type="search"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            placeholder="Search name, phone, messages"
            aria-label="Search conversations"
            className="h-9 w-full rounded-md border border-slate-300 bg-slate-50 pr-2 pl-8 text-sm placeholder:text-slate-400 focus:border-brand-600 focus:bg-white focus:outline-2 focus:outline-brand-600/30"
          />
        </div>
        <div role="tablist" aria-label="Assignee" className="flex rounded-md bg-slate-100 p-0.5 text-xs">
          {ASSIGNEE_TABS.map((t) => (
            <button
              key={t.value}
              role="tab"
              type="button"
              aria-selected={filters.assignee === t.value}
              onClick={() => onFilters({ ...filters, assignee: t.value })}
              className={cn(
                "flex-1 rounded px-2 py-1.5 font-medium",
                filters.assignee === t.value
                  ? "bg-white text-slate-900 shadow-sm"
                  : "text-slate-600 hover:text-slate-900",
              )}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1.5 text-xs">
          <select
            aria-label="Status"
            value={filters.status}
            onChange={(e) =>
              onFilters({ ...filters, status: e.target.value as ConversationFilters["status"] })
            }
            className="h-7 rounded-md border border-slate-300 bg-white px-1.5 text-xs"
          >
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">Any status</option>
          </select>
          <button
            type="button"
            aria-pressed={filters.unread}
            onClick={() => onFilters({ ...filters, unread: !filters.unread })}
            className={cn(
              "h-7 rounded-md border px-2 font-medium",
              filters.unread
                ? "border-brand-600 bg-brand-50 text-brand-700"
                : "border-slate-300 bg-white text-slate-600",
            )}
          >
            Unread
          </button>
          <select
            aria-label="Label"
            value={filters.label}
            onChange={(e) => onFilters({ ...filters, label: e.target.value })}
            className="h-7 max-w-32 rounded-md border border-slate-300 bg-white px-1.5 text-xs"
          >
            <option value="">Any label</option>
            {knownLabels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          {query.isFetching && !query.isPending ? <Spinner className="size-3.5 text-slate-400" /> : null}
        </div>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {query.isPending ? (
          <div className="flex justify-center p-6">
            <Spinner label="Loading conversations…" />
          </div>
        ) : query.isError ? (
          <div
            role="alert"
            className="m-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800"
          >
            <p>Could not load conversations: {errorMessage(query.error)}</p>
            <Button variant="secondary" size="sm" className="mt-2" onClick={() => void query.refetch()}>
              <RefreshCw aria-hidden className="size-3.5" /> Try again
            </Button>
          </div>
        ) : rows.length === 0 ? (
          <div className="flex flex-col items-center px-6 py-12 text-center">
            <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-700">
              <Inbox aria-hidden className="size-5" />
            </div>
            <p className="text-sm font-medium text-slate-900">
              {filters.q || filters.unread || filters.label
                ? "Nothing matches these filters"
                : filters.assignee === "all" && filters.status === "open"
                  ? "No conversations yet"
                  : "No conversations here"}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {filters.assignee === "me"
                ? "Conversations assigned to you appear here."
                : "New WhatsApp messages appear here as they arrive."}
            </p>
          </div>
        ) : (
          <ul role="listbox" aria-label="Conversation list">
            {rows.map((c) => {
              const name = contactName(c.contact);
              const open = isWindowOpen(c.windowExpiresAt, now);
              const others = (viewers[c.id] ?? c.viewers ?? []).filter((v) => v.id !== meId);
              const selected = c.id === selectedId;
              return (
                <li key={c.id} role="option" aria-selected={selected}>
                  <button
                    type="button"
                    data-testid="conversation-row"
                    data-conversation-id={c.id}
                    onClick={() => onSelect(c.id)}
                    className={cn(
                      "flex w-full gap-3 border-b border-slate-100 px-3 py-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
                      selected && "bg-brand-50/70 hover:bg-brand-50",
                    )}
                  >
                    <span className="relative flex size-10 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-700">
                      {initials(name)}
                      <span
                        title={open ? "24-hour window open" : "24-hour window closed"}
                        aria-label={open ? "Window open" : "Window closed"}
                        className={cn(
                          "absolute -right-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-white",
                          open ? "bg-emerald-500" : "bg-slate-300",
                        )}
                      />
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="flex items-baseline justify-between gap-2">
                        <span
                          className={cn(
                            "truncate text-sm",
                            c.unreadCount > 0 ? "font-semibold text-slate-900" : "font-medium text-slate-800",
                          )}
                        >
                          {name}
                        </span>
                        <time
                          dateTime={c.lastMessageAt ?? c.createdAt}
                          className={cn(
                            "shrink-0 text-xs",
                            c.unreadCount > 0 ? "font-semibold text-brand-700" : "text-slate-400",
                          )}
                        >
                          {shortTime(c.lastMessageAt ?? c.createdAt, now)}
                        </time>
                      </span>
                      <span className="mt-0.5 flex items-center justify-between gap-2">
                        <span className="truncate text-xs text-slate-500" data-testid="conversation-preview">
                          {c.lastMessageText ?? "No messages yet"}
                        </span>
                        {c.unreadCount > 0 ? (
                          <span
                            data-testid="unread-badge"
                            aria-label={`${c.unreadCount} unread`}
                            className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold text-white"
                          >
                            {c.unreadCount}
                          </span>
                        ) : null}
                      </span>
                      <span className="mt-1 flex flex-wrap items-center gap-1">
                        {c.status === "resolved" ? (
                          <span className="rounded bg-slate-100 px-1.5 text-[10px] font-medium text-slate-600">
                            Resolved
                          </span>
                        ) : null}
                        {!open ? (
                          <span className="inline-flex items-center gap-0.5 rounded bg-amber-50 px-1.5 text-[10px] font-medium text-amber-800">
                            <Clock aria-hidden className="size-2.5" /> Template only
                          </span>
                        ) : null}
                        {c.assignee ? (
                          <span className="truncate text-[10px] text-slate-500">
                            → {c.assignee.id === meId ? "You" : c.assignee.name}
                          </span>
                        ) : null}
                        {c.labels.slice(0, 2).map((l) => (
                          <span
                            key={l}
                            className="rounded bg-violet-50 px-1.5 text-[10px] font-medium text-violet-700"
                          >
                            {l}
                          </span>
                        ))}
                        {others.length ? (
                          <span
                            className="ml-auto flex -space-x-1.5"
                            aria-label={`Viewing: ${others.map((v) => v.name).join(", ")}`}
                            title={`Viewing: ${others.map((v) => v.name).join(", ")}`}
                          >
                            {others.slice(0, 3).map((v) => (
                              <span
                                key={v.id}
                                className="flex size-4.5 items-center justify-center rounded-full bg-sky-600 text-[8px] font-bold text-white ring-1 ring-white"
                              >
                                {initials(v.name)}
                              </span>
                            ))}
                          </span>
                        ) : null}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div ref={sentinel} className="h-4" />
        {isFetchingNextPage ? (
          <div className="flex justify-center p-3">
            <Spinner className="size-4" />
          </div>
        ) : null}
      </div>
    </section>
  );
});
