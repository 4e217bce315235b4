"use client";

import {
  AlertCircle,
  Check,
  CheckCheck,
  Clock,
  FileText,
  Lock,
  MapPin,
  Reply,
  RotateCw,
  SmilePlus,
  UserRound,
} from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { clockTime, fileSize } from "./format";
import type { MessageDTO, MessageStatus } from "./types";

/**
 * One message in the thread. Renders every WhatsApp type the webhook can carry (reference §2.1);
 * `content` is the type-specific part as stored, so fields are read defensively.
 */
export interface MessageBubbleProps {
  message: MessageDTO;
  /** The message this one replies to, when it is loaded. */
  quoted?: MessageDTO | null;
  onRetry?: (m: MessageDTO) => void;
  onReply?: (m: MessageDTO) => void;
  onReact?: (m: MessageDTO, emoji: string) => void;
  retrying?: boolean;
}

const QUICK_REACTIONS = ["👍", "❤️", "😂", "🙏"];

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v)
    ? v
    : typeof v === "string" && v.trim() && Number.isFinite(Number(v))
      ? Number(v)
      : null;
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** `content` may be the type object itself or wrap it under the type name (Meta's shape). */
function part(m: MessageDTO, key = m.type): Record<string, unknown> {
  const c = obj(m.content);
  return key in c && typeof c[key] === "object" ? obj(c[key]) : c;
}

export function isNote(m: MessageDTO): boolean {
  return m.type === "note";
}

/** A one-line summary (list previews, quotes). */
export function messagePreview(m: MessageDTO): string {
  if (m.body) return m.body;
  const p = part(m);
  const caption = str(p.caption);
  switch (m.type) {
    case "image":
      return caption ? `📷 ${caption}` : "📷 Photo";
    case "video":
      return caption ? `🎥 ${caption}` : "🎥 Video";
    case "audio":
      return "🎤 Audio";
    case "document":
      return `📄 ${m.media?.filename ?? str(p.filename) ?? "Document"}`;
    case "sticker":
      return "Sticker";
    case "location":
      return `📍 ${str(p.name) ?? "Location"}`;
    case "contacts":
      return "👤 Contact card";
    case "template":
      return `Template: ${str(p.name) ?? ""}`;
    default:
      return m.type;
  }
}

export function StatusTicks({ status, className }: { status: MessageStatus; className?: string }) {
  const c = cn("size-3.5 shrink-0", className);
  switch (status) {
    case "pending":
      return (
        <Clock
          aria-label="Pending"
          role="img"
          data-testid="tick-pending"
          className={cn(c, "text-slate-400")}
        />
      );
    case "sent":
      return (
        <Check aria-label="Sent" role="img" data-testid="tick-sent" className={cn(c, "text-slate-500")} />
      );
    case "delivered":
      return (
        <CheckCheck
          aria-label="Delivered"
          role="img"
          data-testid="tick-delivered"
          className={cn(c, "text-slate-500")}
        />
      );
    case "read":
      return (
        <CheckCheck aria-label="Read" role="img" data-testid="tick-read" className={cn(c, "text-sky-500")} />
      );
    case "failed":
      return (
        <AlertCircle
          aria-label="Failed"
          role="img"
          data-testid="tick-failed"
          className={cn(c, "text-red-600")}
        />
      );
    default:
      return null;
  }
}

export function MessageBubble({
  message: m,
  quoted,
  onRetry,
  onReply,
  onReact,
  retrying,
}: MessageBubbleProps) {
  const outbound = m.direction === "outbound";
  const note = isNote(m);

  if (m.type === "reaction") return null; // shown as a chip on the message it reacts to

  const content = note ? <NoteBody m={m} /> : <Body m={m} />;
  const sticker = m.type === "sticker" && m.media;

  return (
    <div
      data-testid="message"
      data-message-id={m.id}
      data-direction={m.direction}
      data-type={m.type}
      data-status={m.status}
      className={cn("group flex w-full", outbound || note ? "justify-end" : "justify-start")}
    >
      <div
        className={cn(
          "relative flex max-w-[85%] flex-col sm:max-w-[70%]",
          outbound || note ? "items-end" : "items-start",
        )}
      >
        <div
          className={cn(
            "relative rounded-2xl text-sm shadow-sm",
            sticker ? "bg-transparent shadow-none" : "px-3 py-2",
            note
              ? "border border-amber-300 bg-amber-50 text-amber-950"
              : outbound
                ? "rounded-br-md bg-brand-100 text-slate-900"
                : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200",
            m.status === "failed" && "ring-1 ring-red-300",
          )}
        >
          {quoted !== undefined && m.replyToMessageId ? <Quote quoted={quoted} /> : null}
          {content}
          <div
            className={cn(
              "mt-1 flex items-center justify-end gap-1 text-[11px] leading-none",
              note ? "text-amber-700" : "text-slate-500",
            )}
          >
            {outbound && m.sender ? <span className="truncate">{m.sender.name} ·</span> : null}
            <time dateTime={m.createdAt}>{clockTime(m.createdAt)}</time>
            {outbound && !note ? <StatusTicks status={m.status} /> : null}
          </div>
        </div>

        {m.reactions.length > 0 ? (
          <div className="-mt-1.5 flex gap-0.5 px-2" aria-label="Reactions">
            {m.reactions.map((r, i) => (
              <span
                key={i}
                title={r.direction === "inbound" ? "Customer reacted" : "Your team reacted"}
                className="rounded-full bg-white px-1.5 py-0.5 text-xs shadow-sm ring-1 ring-slate-200"
              >
                {r.emoji}
              </span>
            ))}
          </div>
        ) : null}

        {m.status === "failed" ? (
          <div
            role="alert"
            data-testid="message-error"
            className="mt-1 w-72 max-w-full rounded-lg bg-red-50 px-2.5 py-2 text-xs text-red-800 ring-1 ring-red-200"
          >
            <div className="flex items-start gap-1.5">
              <AlertCircle aria-hidden className="mt-0.5 size-3.5 shrink-0" />
              <div className="min-w-0">
                <span className="font-semibold">{m.error?.title ?? "Not delivered"}</span>
                {m.error?.code ? <span className="text-red-600"> ({m.error.code})</span> : null}
                {m.error?.message ? (
                  <p className="mt-0.5 break-words text-red-700">{m.error.message}</p>
                ) : null}
              </div>
            </div>
            {onRetry ? (
              <div className="mt-1.5 flex justify-end">
                <button
                  type="button"
                  onClick={() => onRetry(m)}
                  disabled={retrying}
                  className="inline-flex items-center gap-1 rounded-md bg-white px-2 py-1 font-medium text-red-700 ring-1 ring-red-300 hover:bg-red-100 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-red-600"
                >
                  <RotateCw aria-hidden className={cn("size-3", retrying && "animate-spin")} />
                  Retry
                </button>
              </div>
            ) : null}
          </div>
        ) : null}

        {!note && (onReply || onReact) && m.status !== "pending" ? (
          <div
            className={cn(
              "absolute top-1 flex gap-0.5 opacity-0 transition-opacity group-hover:opacity-100 focus-within:opacity-100",
              outbound ? "right-full mr-1" : "left-full ml-1",
            )}
          >
            {onReply ? (
              <IconAction label="Reply to this message" onClick={() => onReply(m)}>
                <Reply aria-hidden className="size-3.5" />
              </IconAction>
            ) : null}
            {onReact && m.metaId
              ? QUICK_REACTIONS.map((e) => (
                  <IconAction key={e} label={`React ${e}`} onClick={() => onReact(m, e)}>
                    <span aria-hidden className="text-xs">
                      {e}
                    </span>
                  </IconAction>
                ))
              : null}
            {onReact && m.metaId ? <SmilePlus aria-hidden className="mt-1 size-3.5 text-slate-300" /> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function IconAction({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="flex size-6 items-center justify-center rounded-full text-slate-500 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      {children}
    </button>
  );
}

function Quote({ quoted }: { quoted: MessageDTO | null }) {
  return (
    <div
      data-testid="quoted"
      className="mb-1.5 rounded-md border-l-4 border-brand-500 bg-black/5 px-2 py-1 text-xs text-slate-600"
    >
      {quoted ? (
        <>
          <div className="font-semibold text-brand-700">
            {quoted.direction === "inbound" ? "Customer" : (quoted.sender?.name ?? "You")}
          </div>
          <div className="line-clamp-2">{messagePreview(quoted)}</div>
        </>
      ) : (
        <div className="italic">Replying to an earlier message</div>
      )}
    </div>
  );
}

function NoteBody({ m }: { m: MessageDTO }) {
  return (
    <div data-testid="note">
      <div className="mb-1 flex items-center gap-1 text-[11px] font-semibold tracking-wide text-amber-700 uppercase">
        <Lock aria-hidden className="size-3" /> Internal note · Only your team sees this
      </div>
      <p className="whitespace-pre-wrap break-words">{m.body}</p>
    </div>
  );
}

function Text({ children }: { children: ReactNode }) {
  return <p className="whitespace-pre-wrap break-words">{children}</p>;
}

function Body({ m }: { m: MessageDTO }) {
  const p = part(m);
  const caption = str(p.caption) ?? (m.type !== "text" ? str(m.body) : null);
  switch (m.type) {
    case "text":
      return <Text>{m.body ?? str(p.body) ?? ""}</Text>;
    case "image":
      return (
        <>
          {m.media ? (
            <a href={m.media.url} target="_blank" rel="noreferrer" className="block">
              {/* eslint-disable-next-line @next/next/no-img-element -- signed media URL, not a static asset */}
              <img
                src={m.media.url}
                alt={caption ?? "Image from the conversation"}
                data-testid="media-image"
                className="max-h-72 max-w-full rounded-lg object-contain"
              />
            </a>
          ) : (
            <MediaPending label="Photo" />
          )}
          {caption ? (
            <div className="mt-1">
              <Text>{caption}</Text>
            </div>
          ) : null}
        </>
      );
    case "sticker":
      return m.media ? (
        // eslint-disable-next-line @next/next/no-img-element -- signed media URL
        <img src={m.media.url} alt="Sticker" className="size-32 object-contain" />
      ) : (
        <MediaPending label="Sticker" />
      );
    case "video":
      return (
        <>
          {m.media ? (
            <video src={m.media.url} controls preload="metadata" className="max-h-72 max-w-full rounded-lg" />
          ) : (
            <MediaPending label="Video" />
          )}
          {caption ? (
            <div className="mt-1">
              <Text>{caption}</Text>
            </div>
          ) : null}
        </>
      );
    case "audio":
      return m.media ? (
        <div className="flex flex-col gap-1">
          {p.voice === true ? <span className="text-xs text-slate-500">Voice message</span> : null}
          <audio src={m.media.url} controls preload="metadata" className="h-10 w-64 max-w-full" />
        </div>
      ) : (
        <MediaPending label="Audio" />
      );
    case "document": {
      const name = m.media?.filename ?? str(p.filename) ?? "Document";
      const size = fileSize(m.media?.size);
      const inner = (
        <span className="flex items-center gap-2.5 rounded-lg bg-black/5 px-2.5 py-2">
          <FileText aria-hidden className="size-8 shrink-0 text-slate-500" />
          <span className="min-w-0">
            <span className="block truncate font-medium" data-testid="document-name">
              {name}
            </span>
            <span className="block text-xs text-slate-500">
              {[m.media?.mime?.split("/")[1]?.toUpperCase(), size].filter(Boolean).join(" · ") || "Document"}
            </span>
          </span>
        </span>
      );
      return (
        <>
          {m.media ? (
            <a
              href={m.media.url}
              download={name}
              target="_blank"
              rel="noreferrer"
              className="block hover:opacity-90"
            >
              {inner}
            </a>
          ) : (
            inner
          )}
          {caption ? (
            <div className="mt-1">
              <Text>{caption}</Text>
            </div>
          ) : null}
        </>
      );
    }
    case "location": {
      const lat = num(p.latitude);
      const lon = num(p.longitude);
      const name = str(p.name);
      const address = str(p.address);
      const href =
        lat !== null && lon !== null
          ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`
          : null;
      return (
        <div className="flex items-start gap-2">
          <MapPin aria-hidden className="mt-0.5 size-5 shrink-0 text-red-500" />
          <div className="min-w-0">
            <div className="font-medium">{name ?? "Shared location"}</div>
            {address ? <div className="text-xs text-slate-600">{address}</div> : null}
            {href ? (
              <a
                href={href}
                target="_blank"
                rel="noreferrer"
                className="text-xs font-medium text-brand-700 underline"
              >
                Open map ({lat!.toFixed(4)}, {lon!.toFixed(4)})
              </a>
            ) : null}
          </div>
        </div>
      );
    }
    case "contacts": {
      const raw = obj(m.content);
      const list = (
        Array.isArray(m.content) ? m.content : Array.isArray(raw.contacts) ? raw.contacts : [raw]
      ) as unknown[];
      return (
        <div className="flex flex-col gap-1.5">
          {list.map((c, i) => {
            const co = obj(c);
            const name = str(obj(co.name).formatted_name) ?? str(co.name) ?? "Contact";
            const phones = (Array.isArray(co.phones) ? co.phones : [])
              .map((x) => str(obj(x).phone))
              .filter(Boolean);
            return (
              <div key={i} className="flex items-center gap-2 rounded-lg bg-black/5 px-2.5 py-2">
                <UserRound aria-hidden className="size-6 text-slate-500" />
                <div>
                  <div className="font-medium">{name}</div>
                  {phones.length ? <div className="text-xs text-slate-600">{phones.join(", ")}</div> : null}
                </div>
              </div>
            );
          })}
        </div>
      );
    }
    case "interactive": {
      const c = obj(m.content);
      const it = obj(c.interactive ?? c);
      const reply = obj(it.button_reply ?? it.list_reply);
      if (str(reply.title)) {
        return (
          <div>
            <div className="text-[11px] font-medium text-slate-500">
              {it.type === "list_reply" ? "Chose from list" : "Tapped a button"}
            </div>
            <Text>{String(reply.title)}</Text>
            {str(reply.description) ? (
              <div className="text-xs text-slate-500">{String(reply.description)}</div>
            ) : null}
          </div>
        );
      }
      const body = str(obj(it.body).text) ?? m.body;
      // Meta's shape (action.buttons[].reply.title, action.sections) or ours for outbound messages
      // (kind "buttons" | "list" with buttons[].title / sections[].rows[].title).
      const action = obj(it.action);
      const rawButtons = Array.isArray(action.buttons) ? action.buttons : Array.isArray(it.buttons) ? it.buttons : [];
      const buttons = (rawButtons as unknown[]).map((b) => str(obj(obj(b).reply).title) ?? str(obj(b).title)).filter(Boolean);
      const rawSections = Array.isArray(action.sections) ? action.sections : Array.isArray(it.sections) ? it.sections : [];
      const rows = (rawSections as unknown[])
        .flatMap((sec) => (Array.isArray(obj(sec).rows) ? (obj(sec).rows as unknown[]) : []))
        .map((r) => ({ title: str(obj(r).title), description: str(obj(r).description) }))
        .filter((r) => r.title);
      if (rows.length) {
        return (
          <div>
            <Text>{body ?? "List"}</Text>
            <ul className="mt-1.5 divide-y divide-slate-100 rounded-md bg-white text-xs ring-1 ring-slate-200" aria-label="List options">
              {rows.map((r, i) => (
                <li key={`${r.title}-${i}`} className="px-2 py-1">
                  <span className="font-medium text-sky-700">{r.title}</span>
                  {r.description ? <span className="block text-slate-500">{r.description}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        );
      }
      return (
        <div>
          <Text>{body ?? "Interactive message"}</Text>
          {buttons.length ? (
            <div className="mt-1.5 flex flex-wrap gap-1">
              {buttons.map((b) => (
                <span
                  key={b}
                  className="rounded-md bg-white px-2 py-1 text-xs font-medium text-sky-700 ring-1 ring-slate-200"
                >
                  {b}
                </span>
              ))}
            </div>
          ) : null}
        </div>
      );
    }
    case "button": {
      const text = str(p.text) ?? m.body;
      return (
        <div>
          <div className="text-[11px] font-medium text-slate-500">Tapped a template button</div>
          <Text>{text ?? ""}</Text>
        </div>
      );
    }
    case "template": {
      const name = str(p.name);
      return (
        <div>
          <div className="mb-0.5 text-[11px] font-medium text-slate-500">
            Template{name ? ` · ${name}` : ""}
          </div>
          <Text>{m.body ?? name ?? "Template message"}</Text>
        </div>
      );
    }
    case "system":
      return <div className="text-xs text-slate-600 italic">{m.body ?? "System update"}</div>;
    default:
      return (
        <div data-testid="unsupported" className="text-sm text-slate-500 italic">
          This message type isn&apos;t supported yet{m.type && m.type !== "unsupported" ? ` (${m.type})` : ""}
          .
        </div>
      );
  }
}

function MediaPending({ label }: { label: string }) {
  return (
    <div className="flex h-24 w-48 items-center justify-center rounded-lg bg-black/5 text-xs text-slate-500">
      {label} · downloading…
    </div>
  );
}
