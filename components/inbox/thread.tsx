"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CheckCircle2, PanelRight, RotateCcw, Tag, UserPlus } from "lucide-react";
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Menu, MenuItem, MenuLabel, MenuSeparator } from "@/components/ui/menu";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { Composer, type ComposerHandle } from "./composer";
import { contactName, contactPhone, dayLabel, initials } from "./format";
import {
  assignConversation,
  listMessages,
  listUsers,
  qk,
  reopenConversation,
  resolveConversation,
  setLabels,
} from "./inbox-api";
import { allMessages, type MessagePages } from "./inbox-cache";
import { MessageBubble } from "./message-bubble";
import type { ConversationDTO, MessageDTO, UserRef } from "./types";
import { useThreadActions } from "./use-thread-actions";

export interface ThreadHandle {
  focusComposer(): void;
  resolveOrReopen(): void;
  openAssign(): void;
}

export interface ThreadProps {
  conversation: ConversationDTO;
  me: UserRef | null;
  viewers: UserRef[];
  onBack: () => void;
  onToggleContact: () => void;
  contactOpen: boolean;
  onConversationChanged: (c: ConversationDTO) => void;
}

export const Thread = forwardRef<ThreadHandle, ThreadProps>(function Thread(
  { conversation: c, me, viewers, onBack, onToggleContact, contactOpen, onConversationChanged },
  ref,
) {
  const qc = useQueryClient();
  const composer = useRef<ComposerHandle>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const [replyTo, setReplyTo] = useState<MessageDTO | null>(null);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const actions = useThreadActions(c.id, me);

  const messages = useInfiniteQuery({
    queryKey: qk.messages(c.id),
    queryFn: ({ pageParam }) => listMessages(c.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 60_000,
  });
  const list = useMemo(
    () =>
      allMessages(messages.data as MessagePages | undefined)
        .slice()
        .reverse(),
    [messages.data],
  );
  const byId = useMemo(() => {
    const m = new Map<string, MessageDTO>();
    for (const x of list) {
      m.set(x.id, x);
      if (x.metaId) m.set(x.metaId, x);
    }
    return m;
  }, [list]);

  const status = useMutation({
    mutationFn: () => (c.status === "resolved" ? reopenConversation(c.id) : resolveConversation(c.id)),
    onSuccess: (updated) => {
      onConversationChanged(updated);
      toast.success(updated.status === "resolved" ? "Conversation resolved." : "Conversation reopened.");
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const assign = useMutation({
    mutationFn: (assigneeId: string | null) => assignConversation(c.id, assigneeId),
    onSuccess: (updated) => {
      onConversationChanged(updated);
      toast.success(
        updated.assignee
          ? `Assigned to ${updated.assignee.id === me?.id ? "you" : updated.assignee.name}.`
          : "Unassigned.",
      );
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  useImperativeHandle(
    ref,
    () => ({
      focusComposer: () => composer.current?.focus(),
      resolveOrReopen: () => status.mutate(),
      openAssign: () =>
        headerRef.current
          ?.querySelector<HTMLButtonElement>('button[aria-label="Assign conversation"]')
          ?.click(),
    }),
    [status],
  );

  // Scrolling: stick to the bottom for new messages; keep the reading position when older ones load.
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const newest = list[list.length - 1]?.id;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [list.length, newest]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messages;
  useEffect(() => {
    const el = topSentinel.current;
    const root = scroller.current;
    if (!el || !root || !hasNextPage) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) {
          anchor.current = { height: root.scrollHeight, top: root.scrollTop };
          void fetchNextPage();
        }
      },
      { root },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, list.length]);

  const name = contactName(c.contact);
  const others = viewers.filter((v) => v.id !== me?.id);
  const days = useMemo(
    () =>
      list.map((m, i) =>
        i === 0 || dayLabel(list[i - 1]!.createdAt) !== dayLabel(m.createdAt) ? dayLabel(m.createdAt) : null,
      ),
    [list],
  );

  return (
    <section
      aria-label={`Conversation with ${name}`}
      className="flex h-full min-h-0 flex-col bg-slate-50"
      data-testid="thread"
    >
      <div ref={headerRef} className="flex items-center gap-2 border-b border-slate-200 bg-white px-3 py-2">
        <Button
          variant="ghost"
          size="icon"
          className="md:hidden"
          aria-label="Back to conversations"
          onClick={onBack}
        >
          <ArrowLeft aria-hidden className="size-4.5" />
        </Button>
        <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-200 text-sm font-semibold text-slate-700">
          {initials(name)}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold text-slate-900" data-testid="thread-title">
            {name}
          </h2>
          <p className="truncate text-xs text-slate-500">
            {[contactPhone(c.contact), c.contact.username].filter(Boolean).join(" · ")}
            {c.assignee
              ? ` · ${c.assignee.id === me?.id ? "Assigned to you" : `Assigned to ${c.assignee.name}`}`
              : " · Unassigned"}
          </p>
        </div>
        {others.length ? (
          <div
            className="hidden items-center gap-1 sm:flex"
            data-testid="viewers"
            aria-label={`Also viewing: ${others.map((v) => v.name).join(", ")}`}
          >
            <span className="text-xs text-slate-500">Also viewing</span>
            <div className="flex -space-x-1.5">
              {others.slice(0, 4).map((v) => (
                <span
                  key={v.id}
                  title={v.name}
                  className="flex size-6 items-center justify-center rounded-full bg-sky-600 text-[10px] font-bold text-white ring-2 ring-white"
                >
                  {initials(v.name)}
                </span>
              ))}
            </div>
          </div>
        ) : null}
        <AssignMenu me={me} current={c.assignee} onAssign={(id) => assign.mutate(id)} />
        <Button
          variant="ghost"
          size="icon"
          aria-label="Labels"
          title="Labels"
          onClick={() => setLabelsOpen(true)}
        >
          <Tag aria-hidden className="size-4" />
        </Button>
        <Button
          variant={c.status === "resolved" ? "secondary" : "primary"}
          size="sm"
          loading={status.isPending}
          onClick={() => status.mutate()}
          title={c.status === "resolved" ? "Reopen (e)" : "Resolve (e)"}
          aria-label={c.status === "resolved" ? "Reopen" : "Resolve"}
        >
          {c.status === "resolved" ? (
            <RotateCcw aria-hidden className="size-4" />
          ) : (
            <CheckCircle2 aria-hidden className="size-4" />
          )}
          <span className="hidden sm:inline">{c.status === "resolved" ? "Reopen" : "Resolve"}</span>
        </Button>
        <Button
          variant={contactOpen ? "secondary" : "ghost"}
          size="icon"
          aria-label="Contact details"
          aria-pressed={contactOpen}
          onClick={onToggleContact}
        >
          <PanelRight aria-hidden className="size-4" />
        </Button>
      </div>

      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-3 sm:px-6"
        data-testid="message-list"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        <div ref={topSentinel} className="h-1" />
        {isFetchingNextPage ? (
          <div className="flex justify-center py-2">
            <Spinner className="size-4" label="Loading older messages…" />
          </div>
        ) : null}
        {messages.isPending ? (
          <div className="flex justify-center p-6">
            <Spinner label="Loading messages…" />
          </div>
        ) : messages.isError ? (
          <div
            role="alert"
            className="m-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800"
          >
            Could not load messages: {errorMessage(messages.error)}
            <Button variant="secondary" size="sm" className="ml-2" onClick={() => void messages.refetch()}>
              Try again
            </Button>
          </div>
        ) : list.length === 0 ? (
          <p className="py-10 text-center text-sm text-slate-500">No messages in this conversation yet.</p>
        ) : (
          <ol className="flex flex-col gap-2">
            {!hasNextPage ? (
              <li className="py-2 text-center text-xs text-slate-400">Start of the conversation</li>
            ) : null}
            {list.map((m, i) => {
              const day = days[i];
              return (
                <li key={m.id} className="contents">
                  {day ? (
                    <div className="my-2 flex justify-center">
                      <span className="rounded-full bg-white px-3 py-0.5 text-xs text-slate-500 shadow-sm ring-1 ring-slate-200">
                        {day}
                      </span>
                    </div>
                  ) : null}
                  <MessageBubble
                    message={m}
                    quoted={m.replyToMessageId ? (byId.get(m.replyToMessageId) ?? null) : undefined}
                    onRetry={m.direction === "outbound" ? (x) => actions.retry.mutate(x) : undefined}
                    retrying={actions.retry.isPending && actions.retry.variables?.id === m.id}
                    onReply={m.id.startsWith("tmp-") ? undefined : setReplyTo}
                    onReact={m.id.startsWith("tmp-") ? undefined : actions.react}
                  />
                </li>
              );
            })}
          </ol>
        )}
      </div>

      <Composer
        ref={composer}
        windowExpiresAt={c.windowExpiresAt}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        onSendText={(text, r) => {
          atBottom.current = true;
          actions.sendText(text, r);
          setReplyTo(null);
        }}
        onSendNote={(b) => {
          atBottom.current = true;
          actions.sendNote(b);
        }}
        onSendMedia={(media, caption) => {
          atBottom.current = true;
          actions.sendMedia(media, caption);
        }}
        onSendTemplate={(t) => {
          atBottom.current = true;
          actions.sendTemplate(t);
        }}
        sendingTemplate={actions.sendingTemplate}
      />

      {labelsOpen ? (
        <LabelsDialog
          labels={c.labels}
          onClose={() => setLabelsOpen(false)}
          onSave={async (labels) => {
            try {
              const updated = await setLabels(c.id, labels);
              onConversationChanged(updated);
              void qc.invalidateQueries({ queryKey: qk.conversationsAll });
              setLabelsOpen(false);
            } catch (err) {
              toast.error(errorMessage(err));
            }
          }}
        />
      ) : null}
    </section>
  );
});

function AssignMenu({
  me,
  current,
  onAssign,
}: {
  me: UserRef | null;
  current: UserRef | null;
  onAssign: (id: string | null) => void;
}) {
  const users = useQuery({ queryKey: qk.users, queryFn: listUsers, staleTime: 60_000 });
  const agents = (users.data?.data ?? []).filter((u) => u.id !== me?.id);
  return (
    <Menu
      triggerLabel="Assign conversation"
      triggerClassName="inline-flex h-9 items-center gap-1.5 rounded-md px-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
      trigger={
        <>
          <UserPlus aria-hidden className="size-4" />
          <span className="hidden lg:inline">
            {current ? (current.id === me?.id ? "You" : current.name) : "Assign"}
          </span>
        </>
      }
    >
      {me && current?.id !== me.id ? (
        <MenuItem onSelect={() => onAssign(me.id)}>Assign to me</MenuItem>
      ) : null}
      {current ? <MenuItem onSelect={() => onAssign(null)}>Unassign</MenuItem> : null}
      <MenuSeparator />
      <MenuLabel>Team</MenuLabel>
      {users.isPending ? <div className="px-2.5 py-2 text-xs text-slate-500">Loading…</div> : null}
      {users.isError ? (
        <div className="px-2.5 py-2 text-xs text-red-700">{errorMessage(users.error)}</div>
      ) : null}
      {agents.map((u) => (
        <MenuItem
          key={u.id}
          onSelect={() => onAssign(u.id)}
          className={cn(current?.id === u.id && "font-semibold")}
        >
          <span
            className={cn(
              "size-2 rounded-full",
              u.presence === "online"
                ? "bg-emerald-500"
                : u.presence === "away"
                  ? "bg-amber-400"
                  : "bg-slate-300",
            )}
            aria-hidden
          />
          {u.name}
          <span className="ml-auto text-xs text-slate-400">{u.role}</span>
        </MenuItem>
      ))}
    </Menu>
  );
}

/** Mounted only while open, so each opening starts from the conversation's current labels. */
function LabelsDialog({
  labels,
  onClose,
  onSave,
}: {
  labels: string[];
  onClose: () => void;
  onSave: (labels: string[]) => Promise<void>;
}) {
  const [draft, setDraft] = useState<string[]>(labels);
  const [text, setText] = useState("");
  const [saving, setSaving] = useState(false);
  const add = () => {
    const l = text.trim().toLowerCase().replace(/\s+/g, "-");
    if (l && !draft.includes(l)) setDraft([...draft, l]);
    setText("");
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title="Labels"
      description="Labels help your team filter conversations."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={saving}
            onClick={async () => {
              setSaving(true);
              await onSave(draft);
              setSaving(false);
            }}
          >
            Save labels
          </Button>
        </>
      }
    >
      <div className="mb-3 flex flex-wrap gap-1.5">
        {draft.length === 0 ? <span className="text-sm text-slate-500">No labels yet.</span> : null}
        {draft.map((l) => (
          <button
            key={l}
            type="button"
            onClick={() => setDraft(draft.filter((x) => x !== l))}
            className="rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-700 ring-1 ring-violet-200 hover:bg-violet-100"
            aria-label={`Remove label ${l}`}
          >
            {l} ×
          </button>
        ))}
      </div>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Add a label, e.g. hot-lead"
          aria-label="New label"
        />
        <Button type="submit" variant="secondary">
          Add
        </Button>
      </form>
    </Dialog>
  );
}
