"use client";

import { useQuery } from "@tanstack/react-query";
import { Clock, Lock, Paperclip, Reply, Send, StickyNote, X } from "lucide-react";
import { forwardRef, useEffect, useId, useImperativeHandle, useMemo, useRef, useState } from "react";
import { errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { toast } from "@/components/ui/toaster";
import { isWindowOpen, windowRemaining } from "./format";
import { listCanned, qk, uploadMedia } from "./inbox-api";
import { messagePreview } from "./message-bubble";
import { TemplatePicker, type TemplateSendInput } from "./template-picker";
import type { MessageDTO, UploadedMedia } from "./types";

export interface ComposerHandle {
  focus(): void;
}

export interface ComposerProps {
  windowExpiresAt: string | null;
  replyTo: MessageDTO | null;
  onCancelReply: () => void;
  onSendText: (text: string, replyTo: MessageDTO | null) => void;
  onSendNote: (body: string) => void;
  onSendMedia: (media: UploadedMedia, caption: string) => void;
  onSendTemplate: (t: TemplateSendInput) => void;
  sendingTemplate: boolean;
}

/** Ticks once a minute (30 s) so the window countdown and "closed" switch happen on their own. */
function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/**
 * The reply box: Enter sends, Shift+Enter breaks the line, "/" opens canned responses, a toggle
 * switches to internal notes. When the customer-service window is closed, free text is replaced by
 * the template form (Meta would fail a free-form send with 131047 — reference §3.1).
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(props, ref) {
  const {
    windowExpiresAt,
    replyTo,
    onCancelReply,
    onSendText,
    onSendNote,
    onSendMedia,
    onSendTemplate,
    sendingTemplate,
  } = props;
  const now = useNow();
  const open = isWindowOpen(windowExpiresAt, now);
  const remaining = windowRemaining(windowExpiresAt, now);
  const [noteMode, setNoteMode] = useState(false);
  const [text, setText] = useState("");
  const [upload, setUpload] = useState<{ name: string; progress: number } | null>(null);
  const [cannedIndex, setCannedIndex] = useState(0);
  const [cannedDismissed, setCannedDismissed] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useImperativeHandle(ref, () => ({ focus: () => textRef.current?.focus() }), []);
  useEffect(() => {
    if (replyTo) textRef.current?.focus();
  }, [replyTo]);

  const canned = useQuery({ queryKey: qk.canned, queryFn: listCanned, staleTime: 5 * 60_000 });
  // "/" at the start of the box, or after a space, starts a shortcut: "/pri" → "/pricing".
  const slash = /(^|\s)\/([\w-]*)$/.exec(text);
  const cannedQuery = slash ? slash[2]!.toLowerCase() : null;
  const matches = useMemo(() => {
    if (cannedQuery === null) return [];
    return (canned.data?.data ?? [])
      .filter((c) => c.shortcut.toLowerCase().replace(/^\//, "").startsWith(cannedQuery))
      .slice(0, 8);
  }, [canned.data, cannedQuery]);
  const showCanned =
    cannedQuery !== null && cannedDismissed !== text && (matches.length > 0 || canned.isPending);

  const freeTextAllowed = open || noteMode;

  const insertCanned = (body: string) => {
    setText((t) => t.replace(/(^|\s)\/[\w-]*$/, (_m, pre: string) => pre + body));
    setCannedIndex(0);
    textRef.current?.focus();
  };

  const submit = () => {
    const value = text.trim();
    if (!value) return;
    if (noteMode) onSendNote(value);
    else if (open) onSendText(value, replyTo);
    else return;
    setText("");
  };

  const pickFile = async (file: File) => {
    setUpload({ name: file.name, progress: 0 });
    try {
      const media = await uploadMedia(file, (p) => setUpload({ name: file.name, progress: p }));
      onSendMedia(media, text.trim());
      setText("");
    } catch (err) {
      toast.error(`Could not upload ${file.name}: ${errorMessage(err)}`);
    } finally {
      setUpload(null);
      if (fileRef.current) fileRef.current.value = "";
    }
  };

  return (
    <div
      className={cn(
        "border-t bg-white px-3 pt-2 pb-3",
        noteMode ? "border-amber-300 bg-amber-50/60" : "border-slate-200",
      )}
      data-testid="composer"
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <div role="group" aria-label="Reply or note" className="inline-flex rounded-md bg-slate-100 p-0.5">
          <button
            type="button"
            aria-pressed={!noteMode}
            onClick={() => setNoteMode(false)}
            className={cn(
              "rounded px-2.5 py-1 font-medium",
              !noteMode ? "bg-white text-slate-900 shadow-sm" : "text-slate-600",
            )}
          >
            Reply
          </button>
          <button
            type="button"
            aria-pressed={noteMode}
            onClick={() => setNoteMode(true)}
            className={cn(
              "inline-flex items-center gap-1 rounded px-2.5 py-1 font-medium",
              noteMode ? "bg-amber-200 text-amber-950 shadow-sm" : "text-slate-600",
            )}
          >
            <StickyNote aria-hidden className="size-3.5" /> Note
          </button>
        </div>
        {noteMode ? (
          <span className="inline-flex items-center gap-1 text-amber-800">
            <Lock aria-hidden className="size-3" /> Only your team sees this
          </span>
        ) : open ? (
          <span
            data-testid="window-countdown"
            className={cn(
              "inline-flex items-center gap-1",
              remaining && /^\d+ m$|<1/.test(remaining) ? "text-amber-700" : "text-slate-500",
            )}
          >
            <Clock aria-hidden className="size-3" /> Window closes in {remaining}
          </span>
        ) : (
          <span className="inline-flex items-center gap-1 font-medium text-amber-800">
            <Clock aria-hidden className="size-3" /> 24-hour window closed
          </span>
        )}
      </div>

      {!freeTextAllowed ? (
        <div data-testid="window-closed" className="rounded-lg border border-amber-200 bg-amber-50 p-3">
          <p className="mb-3 text-sm text-amber-900">
            The customer hasn&apos;t written in the last 24 hours, so WhatsApp only allows an approved
            template. Free text is available again as soon as they reply.
          </p>
          <TemplatePicker onSend={onSendTemplate} sending={sendingTemplate} />
        </div>
      ) : (
        <>
          {replyTo && !noteMode ? (
            <div
              className="mb-2 flex items-start gap-2 rounded-md border-l-4 border-brand-500 bg-slate-50 px-2 py-1.5 text-xs text-slate-600"
              data-testid="reply-preview"
            >
              <Reply aria-hidden className="mt-0.5 size-3.5 shrink-0" />
              <span className="line-clamp-2 flex-1">{messagePreview(replyTo)}</span>
              <button
                type="button"
                aria-label="Cancel reply"
                onClick={onCancelReply}
                className="rounded p-0.5 hover:bg-slate-200"
              >
                <X aria-hidden className="size-3.5" />
              </button>
            </div>
          ) : null}
          {upload ? (
            <div className="mb-2" role="status" aria-live="polite">
              <div className="mb-1 flex justify-between text-xs text-slate-600">
                <span className="truncate">Uploading {upload.name}…</span>
                <span>{Math.round(upload.progress * 100)}%</span>
              </div>
              <div className="h-1.5 overflow-hidden rounded bg-slate-200">
                <div
                  className="h-full bg-brand-600 transition-[width]"
                  style={{ width: `${Math.round(upload.progress * 100)}%` }}
                />
              </div>
            </div>
          ) : null}
          <div className="relative flex items-end gap-2">
            {showCanned ? (
              <ul
                id={listId}
                role="listbox"
                aria-label="Canned responses"
                className="absolute bottom-full left-0 z-20 mb-2 max-h-64 w-full max-w-md overflow-y-auto rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
              >
                {canned.isPending ? (
                  <li className="px-2 py-1.5 text-xs text-slate-500">Loading canned responses…</li>
                ) : null}
                {matches.map((c, i) => (
                  <li
                    key={c.id}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === cannedIndex}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      insertCanned(c.body);
                    }}
                    className={cn(
                      "cursor-pointer rounded-md px-2 py-1.5 text-sm",
                      i === cannedIndex ? "bg-brand-50" : "hover:bg-slate-50",
                    )}
                  >
                    <span className="font-mono text-xs font-semibold text-brand-700">
                      /{c.shortcut.replace(/^\//, "")}
                    </span>
                    <span className="ml-2 line-clamp-1 text-slate-600">{c.body}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {!noteMode ? (
              <>
                <input
                  ref={fileRef}
                  type="file"
                  className="sr-only"
                  data-testid="attach-input"
                  tabIndex={-1}
                  accept="image/jpeg,image/png,image/webp,video/mp4,video/3gpp,audio/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    if (f) void pickFile(f);
                  }}
                />
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label="Attach a file"
                  disabled={!!upload}
                  onClick={() => fileRef.current?.click()}
                >
                  <Paperclip aria-hidden className="size-4.5" />
                </Button>
              </>
            ) : null}
            <textarea
              ref={textRef}
              value={text}
              rows={Math.min(6, Math.max(1, text.split("\n").length))}
              aria-label={noteMode ? "Internal note" : "Message"}
              aria-controls={showCanned ? listId : undefined}
              aria-activedescendant={showCanned && matches.length ? `${listId}-${cannedIndex}` : undefined}
              placeholder={noteMode ? "Write a note for your team…" : "Type a message…"}
              title={
                noteMode ? undefined : "Enter to send, Shift+Enter for a new line, / for canned responses"
              }
              onChange={(e) => {
                setText(e.target.value);
                setCannedIndex(0);
              }}
              onKeyDown={(e) => {
                if (showCanned && matches.length) {
                  if (e.key === "ArrowDown") {
                    e.preventDefault();
                    setCannedIndex((i) => (i + 1) % matches.length);
                    return;
                  }
                  if (e.key === "ArrowUp") {
                    e.preventDefault();
                    setCannedIndex((i) => (i - 1 + matches.length) % matches.length);
                    return;
                  }
                  if (e.key === "Enter" || e.key === "Tab") {
                    e.preventDefault();
                    insertCanned(matches[cannedIndex]!.body);
                    return;
                  }
                  if (e.key === "Escape") {
                    e.preventDefault();
                    setCannedDismissed(text);
                    return;
                  }
                }
                if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  submit();
                }
                if (e.key === "Escape") (e.target as HTMLTextAreaElement).blur();
              }}
              className={cn(
                "max-h-40 min-h-10 flex-1 resize-none rounded-lg border px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-offset-0",
                noteMode
                  ? "border-amber-300 bg-white focus:outline-amber-400/40"
                  : "border-slate-300 focus:border-brand-600 focus:outline-brand-600/30",
              )}
            />
            <Button
              size="icon"
              aria-label={noteMode ? "Add note" : "Send"}
              onClick={submit}
              disabled={!text.trim()}
              className={cn(noteMode && "bg-amber-500 hover:bg-amber-600")}
            >
              <Send aria-hidden className="size-4" />
            </Button>
          </div>
        </>
      )}
    </div>
  );
});
