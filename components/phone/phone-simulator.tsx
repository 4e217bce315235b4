"use client";

import {
  ArrowLeft,
  Check,
  CheckCheck,
  FileText,
  ImageIcon,
  List,
  MapPin,
  Paperclip,
  Plus,
  Send,
  UserRound,
  X,
} from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { PhoneCallPanel } from "./phone-call-panel";
import { toast } from "@/components/ui/toaster";
import {
  createSimUser,
  fetchInbox,
  fileToBase64,
  listSimTemplates,
  listSimUsers,
  readAll,
  sendAsUser,
  type PhoneInbox,
  type PhoneReceived,
  type SimTemplate,
  type SimUser,
  type UserMessage,
} from "./phone-api";

/**
 * The phone simulator (issue 3 §6): a person — or an end-to-end test — plays a WhatsApp user
 * talking to the business. Everything goes through the sandbox control API, which turns it into
 * signed Meta webhooks for the app.
 *
 * The control API has no push channel, so the open chat polls its inbox once a second and only
 * re-renders when the JSON changed. Messages are marked read while the chat is on screen, as the
 * real app does (that is what turns the agent's ticks blue).
 */
const POLL_MS = 1000;
const LOCATIONS = [
  {
    name: "Connaught Place",
    address: "Connaught Place, New Delhi 110001",
    latitude: 28.6315,
    longitude: 77.2167,
  },
  { name: "Bandra Kurla Complex", address: "BKC, Mumbai 400051", latitude: 19.0662, longitude: 72.8654 },
  { name: "Koramangala", address: "Koramangala, Bengaluru 560034", latitude: 12.9352, longitude: 77.6245 },
];
/** The chosen user lives in the URL (?user=), so a reload or a shared link opens the same chat. */
export function PhoneSimulator({
  businessName,
  businessNumber,
  initialUser,
}: {
  businessName: string;
  businessNumber: string;
  initialUser: string | null;
}) {
  const [userKey, setUserKey] = useState<string | null>(initialUser);

  const choose = useCallback((key: string | null) => {
    setUserKey(key);
    const url = new URL(window.location.href);
    if (key) url.searchParams.set("user", key);
    else url.searchParams.delete("user");
    window.history.replaceState(null, "", url);
  }, []);

  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-200 to-slate-300 p-0 sm:p-6">
      <div className="flex w-full flex-col items-center gap-3">
        <p className="hidden text-center text-xs text-slate-600 sm:block">
          WhatsApp sandbox · you are the customer · the business is{" "}
          <span className="font-semibold">{businessName}</span> (+{businessNumber})
        </p>
        <div
          data-testid="phone"
          className="relative flex h-dvh w-full flex-col overflow-hidden bg-[#efeae2] sm:h-[780px] sm:max-h-[calc(100dvh-4rem)] sm:w-[380px] sm:rounded-[2.5rem] sm:border-[10px] sm:border-slate-900 sm:shadow-2xl"
        >
          {userKey ? (
            <Chat key={userKey} userKey={userKey} businessName={businessName} onBack={() => choose(null)} />
          ) : (
            <UserPicker onPick={choose} />
          )}
        </div>
      </div>
    </div>
  );
}

function UserPicker({ onPick }: { onPick: (key: string) => void }) {
  const [users, setUsers] = useState<SimUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<"phone" | "username">("phone");
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listSimUsers()
      .then((r) => setUsers(r.data))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <div className="flex h-full flex-col bg-white">
      <div className="bg-[#008069] px-4 pt-8 pb-4 text-white">
        <h1 className="text-lg font-semibold">WhatsApp sandbox</h1>
        <p className="text-xs text-white/80">Pick who you are, or create a new WhatsApp user.</p>
      </div>
      <form
        className="space-y-2 border-b border-slate-200 p-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            const u = await createSimUser({
              ...(mode === "phone" ? { phone: id.trim() } : { username: id.trim() }),
              ...(name.trim() ? { name: name.trim() } : {}),
            });
            onPick(u.key);
          } catch (err) {
            toast.error(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <div
          role="radiogroup"
          aria-label="Identify by"
          className="flex gap-1 rounded-lg bg-slate-100 p-0.5 text-xs"
        >
          {(["phone", "username"] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={mode === m}
              onClick={() => setMode(m)}
              className={cn(
                "flex-1 rounded-md py-1.5 font-medium",
                mode === m ? "bg-white shadow-sm" : "text-slate-600",
              )}
            >
              {m === "phone" ? "Phone number" : "Username (2026)"}
            </button>
          ))}
        </div>
        <input
          aria-label={mode === "phone" ? "Phone number" : "Username"}
          value={id}
          onChange={(e) => setId(e.target.value)}
          required
          placeholder={mode === "phone" ? "+91 98765 43210" : "@asha.k"}
          className="h-10 w-full rounded-lg border border-slate-300 px-3 text-sm"
        />
        <input
          aria-label="Display name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Display name (optional)"
          className="h-10 w-full rounded-lg border border-slate-300 px-3 text-sm"
        />
        <button
          type="submit"
          disabled={busy || !id.trim()}
          className="flex h-10 w-full items-center justify-center gap-1.5 rounded-lg bg-[#008069] text-sm font-semibold text-white disabled:opacity-60"
        >
          <Plus aria-hidden className="size-4" /> Start chatting
        </button>
      </form>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <h2 className="px-4 pt-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Simulated users
        </h2>
        {error ? (
          <p role="alert" className="px-4 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        {users === null && !error ? <p className="px-4 text-sm text-slate-500">Loading…</p> : null}
        {users?.length === 0 ? (
          <p className="px-4 text-sm text-slate-500">None yet — create one above.</p>
        ) : null}
        <ul>
          {users?.map((u) => (
            <li key={u.key}>
              <button
                type="button"
                onClick={() => onPick(u.key)}
                className="flex w-full items-center gap-3 px-4 py-2.5 text-left hover:bg-slate-50"
              >
                <span className="flex size-10 items-center justify-center rounded-full bg-slate-200 text-slate-600">
                  <UserRound aria-hidden className="size-5" />
                </span>
                <span className="min-w-0">
                  <span className="block truncate text-sm font-medium">{u.name}</span>
                  <span className="block truncate text-xs text-slate-500">
                    {[u.waId ? `+${u.waId}` : null, u.username].filter(Boolean).join(" · ")}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

type Item =
  { kind: "in"; m: PhoneReceived; at: string } | { kind: "out"; m: PhoneInbox["sent"][number]; at: string };

const o = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const s = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

function Chat({
  userKey,
  businessName,
  onBack,
}: {
  userKey: string;
  businessName: string;
  onBack: () => void;
}) {
  const [inbox, setInbox] = useState<PhoneInbox | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<SimTemplate[]>([]);
  const [text, setText] = useState("");
  const [attachOpen, setAttachOpen] = useState(false);
  const [listFor, setListFor] = useState<PhoneReceived | null>(null);
  const lastText = useRef("");
  const reading = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    listSimTemplates()
      .then((r) => setTemplates(r.data))
      .catch(() => undefined); // templates only make received template text nicer; raw names still show
  }, []);

  const poll = useCallback(async () => {
    try {
      const { text: raw, inbox: next } = await fetchInbox(userKey);
      setError(null);
      if (raw !== lastText.current) {
        lastText.current = raw;
        setInbox(next);
      }
      // "Mark as read" while the chat is on screen: the business gets `read` statuses (blue ticks).
      const unread = next.received.some((r) => r.status === "sent" || r.status === "delivered");
      if (unread && document.visibilityState === "visible" && !reading.current) {
        reading.current = true;
        await readAll(userKey).finally(() => (reading.current = false));
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [userKey]);

  useEffect(() => {
    const first = setTimeout(() => void poll(), 0);
    const t = setInterval(() => void poll(), POLL_MS);
    const onVis = () => document.visibilityState === "visible" && void poll();
    document.addEventListener("visibilitychange", onVis);
    return () => {
      clearTimeout(first);
      clearInterval(t);
      document.removeEventListener("visibilitychange", onVis);
    };
  }, [poll]);

  const items = useMemo<Item[]>(() => {
    if (!inbox) return [];
    const all: Item[] = [
      // Failed sends never reach a real phone.
      ...inbox.received
        .filter((m) => m.status !== "failed" && m.type !== "reaction")
        .map((m) => ({ kind: "in" as const, m, at: m.createdAt })),
      ...inbox.sent
        .filter((m) => m.type !== "reaction")
        .map((m) => ({ kind: "out" as const, m, at: m.createdAt })),
    ];
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }, [inbox]);
  const reactions = useMemo(() => {
    const map = new Map<string, string>();
    for (const r of inbox?.received ?? [])
      if (r.type === "reaction") {
        const c = o(r.content);
        if (s(c.message_id)) map.set(String(c.message_id), s(c.emoji) ?? "");
      }
    return map;
  }, [inbox]);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items.length, inbox?.typing]);

  const send = async (m: UserMessage) => {
    try {
      await sendAsUser(userKey, m);
      await poll();
    } catch (e) {
      toast.error(e instanceof Error ? e.message : String(e));
    }
  };

  const user = inbox?.user;
  return (
    <div className="flex h-full flex-col" data-testid="phone-chat" data-user-key={userKey}>
      <div className="flex items-center gap-2 bg-[#008069] px-2 pt-7 pb-2.5 text-white">
        <button
          type="button"
          aria-label="Switch user"
          onClick={onBack}
          className="rounded-full p-1.5 hover:bg-white/10"
        >
          <ArrowLeft aria-hidden className="size-5" />
        </button>
        <span className="flex size-9 items-center justify-center rounded-full bg-white/20 text-sm font-bold">
          {businessName.slice(0, 1)}
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-semibold">{businessName}</div>
          <div className="truncate text-[11px] text-white/80">
            {inbox?.typing
              ? "typing…"
              : user
                ? `You: ${user.name}${user.username ? ` (${user.username})` : ""}`
                : "…"}
          </div>
        </div>
      </div>

      <PhoneCallPanel userKey={userKey} />

      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-3 py-3" data-testid="phone-messages">
        {error ? (
          <p role="alert" className="mb-2 rounded-lg bg-red-50 p-2 text-xs text-red-700">
            {error}
          </p>
        ) : null}
        <p className="mx-auto mb-3 max-w-[85%] rounded-lg bg-[#ffeecd] px-2.5 py-1.5 text-center text-[11px] text-slate-700">
          Messages go to the app as signed webhooks from the WhatsApp sandbox.
        </p>
        <ol className="flex flex-col gap-1.5">
          {items.map((it) =>
            it.kind === "in" ? (
              <ReceivedBubble
                key={it.m.wamid}
                m={it.m}
                templates={templates}
                onTap={send}
                onOpenList={setListFor}
              />
            ) : (
              <SentBubble key={it.m.wamid} m={it.m} reaction={reactions.get(it.m.wamid)} />
            ),
          )}
        </ol>
        {inbox?.typing ? (
          <div className="mt-2 w-fit rounded-lg bg-white px-3 py-1.5 text-xs text-slate-500 shadow-sm">
            typing…
          </div>
        ) : null}
      </div>

      {attachOpen ? (
        <div
          className="grid grid-cols-3 gap-2 border-t border-slate-200 bg-white p-3"
          data-testid="phone-attach-menu"
        >
          <AttachButton
            label="Photo"
            icon={<ImageIcon aria-hidden className="size-5" />}
            color="bg-violet-500"
            onClick={() => {
              if (fileRef.current) {
                fileRef.current.accept = "image/jpeg,image/png";
                fileRef.current.click();
              }
            }}
          />
          <AttachButton
            label="Document"
            icon={<FileText aria-hidden className="size-5" />}
            color="bg-indigo-500"
            onClick={() => {
              if (fileRef.current) {
                fileRef.current.accept = "application/pdf,text/plain,.doc,.docx,.xls,.xlsx";
                fileRef.current.click();
              }
            }}
          />
          <details className="contents">
            <summary className="flex cursor-pointer list-none flex-col items-center gap-1 text-xs text-slate-700">
              <span className="flex size-11 items-center justify-center rounded-full bg-emerald-500 text-white">
                <MapPin aria-hidden className="size-5" />
              </span>
              Location
            </summary>
            <ul className="col-span-3 space-y-1">
              {LOCATIONS.map((l) => (
                <li key={l.name}>
                  <button
                    type="button"
                    className="w-full rounded-lg bg-slate-50 px-3 py-2 text-left text-xs hover:bg-slate-100"
                    onClick={() => {
                      setAttachOpen(false);
                      void send({ type: "location", ...l });
                    }}
                  >
                    <span className="font-semibold">Send {l.name}</span>{" "}
                    <span className="text-slate-500">{l.address}</span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
        </div>
      ) : null}
      <input
        ref={fileRef}
        type="file"
        className="sr-only"
        tabIndex={-1}
        data-testid="phone-attach-input"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          if (!f) return;
          setAttachOpen(false);
          const isImage = f.type === "image/jpeg" || f.type === "image/png";
          try {
            const dataBase64 = await fileToBase64(f);
            await send({
              type: isImage ? "image" : "document",
              dataBase64,
              mimeType: f.type || "application/octet-stream",
              filename: f.name,
              ...(text.trim() ? { caption: text.trim() } : {}),
            });
            setText("");
          } catch (err) {
            toast.error(err instanceof Error ? err.message : String(err));
          }
        }}
      />

      <form
        className="flex items-end gap-1.5 bg-[#f0f2f5] px-2 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          if (!t) return;
          setText("");
          void send({ type: "text", text: t });
        }}
      >
        <button
          type="button"
          aria-label="Attach"
          aria-expanded={attachOpen}
          onClick={() => setAttachOpen((v) => !v)}
          className="flex size-10 shrink-0 items-center justify-center rounded-full text-slate-600 hover:bg-slate-200"
        >
          {attachOpen ? <X aria-hidden className="size-5" /> : <Paperclip aria-hidden className="size-5" />}
        </button>
        <input
          aria-label="Message"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Message"
          className="h-10 min-w-0 flex-1 rounded-full bg-white px-4 text-sm outline-none focus:ring-2 focus:ring-[#008069]/40"
        />
        <button
          type="submit"
          aria-label="Send"
          disabled={!text.trim()}
          className="flex size-10 shrink-0 items-center justify-center rounded-full bg-[#008069] text-white disabled:opacity-60"
        >
          <Send aria-hidden className="size-4.5" />
        </button>
      </form>

      {listFor ? (
        <ListSheet
          m={listFor}
          onClose={() => setListFor(null)}
          onPick={(row) => {
            setListFor(null);
            void send({
              type: "list_reply",
              id: row.id,
              title: row.title,
              ...(row.description ? { description: row.description } : {}),
              replyTo: listFor.wamid,
            });
          }}
        />
      ) : null}
    </div>
  );
}

function AttachButton({
  label,
  icon,
  color,
  onClick,
}: {
  label: string;
  icon: React.ReactNode;
  color: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="flex flex-col items-center gap-1 text-xs text-slate-700"
    >
      <span className={cn("flex size-11 items-center justify-center rounded-full text-white", color)}>
        {icon}
      </span>
      {label}
    </button>
  );
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

function Media({ id, type, filename }: { id: string | null; type: string; filename?: string | null }) {
  if (!id) return <div className="text-xs text-slate-500 italic">[{type}]</div>;
  const src = `/api/sandbox/media/${encodeURIComponent(id)}`;
  if (type === "image" || type === "sticker")
    return (
      // eslint-disable-next-line @next/next/no-img-element -- sandbox media through the proxy, not a static asset
      <img
        src={src}
        alt={type === "sticker" ? "Sticker" : "Photo"}
        className={cn(
          "rounded-md",
          type === "sticker" ? "size-28 object-contain" : "max-h-60 max-w-full object-cover",
        )}
      />
    );
  if (type === "video") return <video src={src} controls className="max-h-60 max-w-full rounded-md" />;
  if (type === "audio") return <audio src={src} controls className="w-56" />;
  return (
    <a
      href={src}
      download={filename ?? "document"}
      className="flex items-center gap-2 rounded-md bg-black/5 px-2 py-2 text-sm"
    >
      <FileText aria-hidden className="size-6 text-slate-500" />
      <span className="truncate">{filename ?? "Document"}</span>
    </a>
  );
}

function templateText(
  content: Record<string, unknown>,
  templates: SimTemplate[],
): { header: string | null; body: string; buttons: string[] } {
  const name = s(content.name) ?? "template";
  const lang = s(o(content.language).code);
  const t = templates.find((x) => x.name === name && (!lang || x.language === lang));
  const comps = Array.isArray(content.components) ? (content.components as unknown[]).map(o) : [];
  const values = (type: string) => {
    const c = comps.find((x) => String(x.type).toLowerCase() === type);
    const params = Array.isArray(c?.parameters) ? (c!.parameters as unknown[]).map(o) : [];
    const out: Record<string, string> = {};
    params.forEach((p, i) => (out[s(p.parameter_name) ?? String(i + 1)] = s(p.text) ?? ""));
    return out;
  };
  const fill = (text: string | undefined, vals: Record<string, string>) =>
    (text ?? "").replace(/\{\{\s*(\w+)\s*\}\}/g, (w, k: string) => vals[k] ?? w);
  if (!t) return { header: null, body: `[template ${name}]`, buttons: [] };
  const header = t.components.find((c) => c.type === "HEADER" && (c.format ?? "TEXT") === "TEXT");
  const body = t.components.find((c) => c.type === "BODY");
  const buttons =
    t.components
      .find((c) => c.type === "BUTTONS")
      ?.buttons?.filter((b) => b.type === "QUICK_REPLY")
      .map((b) => b.text) ?? [];
  return {
    header: header ? fill(header.text, values("header")) : null,
    body: fill(body?.text, values("body")),
    buttons,
  };
}

function ReceivedBubble({
  m,
  templates,
  onTap,
  onOpenList,
}: {
  m: PhoneReceived;
  templates: SimTemplate[];
  onTap: (msg: UserMessage) => void;
  onOpenList: (m: PhoneReceived) => void;
}) {
  const c = o(m.content);
  let body: React.ReactNode;
  let buttons: React.ReactNode = null;
  switch (m.type) {
    case "text":
      body = <p className="whitespace-pre-wrap break-words">{s(c.body)}</p>;
      break;
    case "template": {
      const t = templateText(c, templates);
      body = (
        <div>
          {t.header ? <p className="mb-1 font-semibold">{t.header}</p> : null}
          <p className="whitespace-pre-wrap break-words">{t.body}</p>
        </div>
      );
      if (t.buttons.length)
        buttons = t.buttons.map((b) => (
          <button
            key={b}
            type="button"
            onClick={() => onTap({ type: "button", payload: b, text: b, replyTo: m.wamid })}
            className="w-full border-t border-slate-100 py-2 text-sm font-medium text-[#008069]"
          >
            {b}
          </button>
        ));
      break;
    }
    case "interactive": {
      const kind = s(c.type);
      const action = o(c.action);
      body = (
        <div>
          {s(o(c.header).text) ? <p className="mb-1 font-semibold">{s(o(c.header).text)}</p> : null}
          <p className="whitespace-pre-wrap break-words">{s(o(c.body).text)}</p>
          {s(o(c.footer).text) ? <p className="mt-1 text-xs text-slate-500">{s(o(c.footer).text)}</p> : null}
        </div>
      );
      if (kind === "button") {
        const list = (Array.isArray(action.buttons) ? action.buttons : []).map((b) => o(o(b).reply));
        buttons = list.map((r) => (
          <button
            key={String(r.id)}
            type="button"
            onClick={() =>
              onTap({ type: "button_reply", id: String(r.id), title: String(r.title), replyTo: m.wamid })
            }
            className="w-full border-t border-slate-100 py-2 text-sm font-medium text-[#008069]"
          >
            {String(r.title)}
          </button>
        ));
      } else if (kind === "list") {
        buttons = (
          <button
            type="button"
            onClick={() => onOpenList(m)}
            className="flex w-full items-center justify-center gap-1.5 border-t border-slate-100 py-2 text-sm font-medium text-[#008069]"
          >
            <List aria-hidden className="size-4" /> {s(action.button) ?? "Choose"}
          </button>
        );
      }
      break;
    }
    case "image":
    case "video":
    case "audio":
    case "sticker":
    case "document":
      body = (
        <div>
          <Media id={s(c.id)} type={m.type} filename={s(c.filename)} />
          {s(c.caption) ? <p className="mt-1 whitespace-pre-wrap break-words">{s(c.caption)}</p> : null}
        </div>
      );
      break;
    case "location":
      body = (
        <div className="flex items-start gap-1.5">
          <MapPin aria-hidden className="mt-0.5 size-4 text-red-500" />
          <div>
            <p className="font-medium">{s(c.name) ?? "Location"}</p>
            <p className="text-xs text-slate-500">
              {s(c.address) ?? `${String(c.latitude)}, ${String(c.longitude)}`}
            </p>
          </div>
        </div>
      );
      break;
    default:
      body = <p className="text-xs text-slate-500 italic">[{m.type}]</p>;
  }
  return (
    <li
      className="flex justify-start"
      data-testid="phone-message"
      data-from="business"
      data-type={m.type}
      data-status={m.status}
    >
      <div className="max-w-[85%] overflow-hidden rounded-lg rounded-tl-none bg-white text-sm text-slate-900 shadow-sm">
        <div className="px-2.5 pt-1.5 pb-1">
          {m.replyTo ? (
            <p className="mb-1 rounded border-l-4 border-[#008069] bg-black/5 px-1.5 py-0.5 text-[11px] text-slate-600">
              Reply to your message
            </p>
          ) : null}
          {body}
          <div className="mt-0.5 text-right text-[10px] text-slate-500">{time(m.createdAt)}</div>
        </div>
        {buttons}
      </div>
    </li>
  );
}

function SentBubble({ m, reaction }: { m: PhoneInbox["sent"][number]; reaction?: string }) {
  const p = m.payload;
  const part = o(p[m.type]);
  let body: React.ReactNode;
  switch (m.type) {
    case "text":
      body = <p className="whitespace-pre-wrap break-words">{s(part.body)}</p>;
      break;
    case "image":
    case "document":
    case "audio":
    case "video":
      body = (
        <div>
          <Media id={s(part.id)} type={m.type} filename={s(part.filename)} />
          {s(part.caption) ? <p className="mt-1 whitespace-pre-wrap break-words">{s(part.caption)}</p> : null}
        </div>
      );
      break;
    case "location":
      body = (
        <p className="flex items-center gap-1">
          <MapPin aria-hidden className="size-4 text-red-500" /> {s(part.name) ?? "Location"}
        </p>
      );
      break;
    case "interactive": {
      const r = o(part.button_reply ?? part.list_reply);
      body = <p>{s(r.title)}</p>;
      break;
    }
    case "button":
      body = <p>{s(part.text)}</p>;
      break;
    default:
      body = <p className="text-xs italic">[{m.type}]</p>;
  }
  const read = !!m.readByBusinessAt;
  return (
    <li
      className="flex flex-col items-end"
      data-testid="phone-message"
      data-from="me"
      data-type={m.type}
      data-read={read ? "true" : "false"}
    >
      <div className="max-w-[85%] rounded-lg rounded-tr-none bg-[#d9fdd3] px-2.5 pt-1.5 pb-1 text-sm text-slate-900 shadow-sm">
        {body}
        <div className="mt-0.5 flex items-center justify-end gap-1 text-[10px] text-slate-500">
          {time(m.createdAt)}
          {read ? (
            <CheckCheck aria-label="Read by the business" role="img" className="size-3.5 text-sky-500" />
          ) : (
            <Check aria-label="Delivered" role="img" className="size-3.5" />
          )}
        </div>
      </div>
      {reaction ? (
        <span className="-mt-1 mr-2 rounded-full bg-white px-1 text-xs shadow-sm">{reaction}</span>
      ) : null}
    </li>
  );
}

function ListSheet({
  m,
  onClose,
  onPick,
}: {
  m: PhoneReceived;
  onClose: () => void;
  onPick: (row: { id: string; title: string; description?: string }) => void;
}) {
  const action = o(o(m.content).action);
  const sections = (Array.isArray(action.sections) ? action.sections : []).map(o);
  return (
    <div
      className="absolute inset-0 z-20 flex flex-col justify-end bg-black/30"
      onClick={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        role="dialog"
        aria-label={s(action.button) ?? "Choose"}
        className="max-h-[70%] overflow-y-auto rounded-t-2xl bg-white p-3"
      >
        <div className="mb-2 flex items-center justify-between">
          <span className="text-sm font-semibold">{s(action.button) ?? "Choose"}</span>
          <button
            type="button"
            aria-label="Close"
            onClick={onClose}
            className="rounded-full p-1 hover:bg-slate-100"
          >
            <X aria-hidden className="size-4" />
          </button>
        </div>
        {sections.map((sec, i) => (
          <div key={i} className="mb-2">
            {s(sec.title) ? (
              <p className="px-1 pb-1 text-xs font-semibold text-[#008069] uppercase">{s(sec.title)}</p>
            ) : null}
            {(Array.isArray(sec.rows) ? sec.rows : []).map(o).map((r) => (
              <button
                key={String(r.id)}
                type="button"
                onClick={() =>
                  onPick({
                    id: String(r.id),
                    title: String(r.title),
                    ...(s(r.description) ? { description: String(r.description) } : {}),
                  })
                }
                className="block w-full rounded-lg px-2 py-2 text-left hover:bg-slate-50"
              >
                <span className="block text-sm">{String(r.title)}</span>
                {s(r.description) ? (
                  <span className="block text-xs text-slate-500">{s(r.description)}</span>
                ) : null}
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
