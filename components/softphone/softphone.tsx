"use client";

import { Grid3x3, Mic, MicOff, Pause, Phone, PhoneForwarded, PhoneOff, Play, UserPlus, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { apiFetch } from "@/components/shell/api-fetch";
import { callerName, type CallDto } from "@/lib/softphone-client/call-types";
import { formatDuration, statusLabel, statusTone } from "@/lib/softphone-client/format";
import { shortcutFor, type SoftphonePhase } from "@/lib/softphone-client/shortcuts";
import { AgentPicker } from "./agent-picker";
import { CallTimer } from "./call-timer";
import { DtmfKeypad } from "./dtmf-keypad";
import { QualityIndicator } from "./quality-indicator";
import { useSoftphone, type ActiveCall } from "./softphone-provider";

/**
 * The floating softphone (bottom right, every dashboard page): the calling-unavailable notice,
 * incoming call cards, the active call with its controls, and the last call's outcome.
 */
export function Softphone() {
  const sp = useSoftphone();
  const phase: SoftphonePhase = !sp
    ? "idle"
    : sp.active
      ? sp.active.media === "waiting"
        ? "outgoing"
        : "active"
      : sp.ringing.length > 0
        ? "ringing"
        : "idle";

  useEffect(() => {
    if (!sp || phase === "idle") return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const action = shortcutFor(
        { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, altKey: e.altKey, defaultPrevented: e.defaultPrevented, targetTag: t?.tagName ?? null, targetEditable: t?.isContentEditable ?? false },
        phase,
      );
      if (!action) return;
      e.preventDefault();
      const first = sp.ringing[0];
      if (action === "accept" && first) void sp.accept(first.id);
      else if (action === "decline" && first) void sp.decline(first.id);
      else if (action === "hangup") void sp.hangup();
      else if (action === "toggle_mute") sp.toggleMute();
      else if (action === "toggle_hold") void sp.toggleHold();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [sp, phase]);

  if (!sp) return null;
  const unavailable = sp.calling !== null && !sp.calling.available;

  return (
    <section aria-label="Softphone" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2" data-testid="softphone">
      {unavailable && !sp.active ? (
        <div role="status" data-testid="softphone-unavailable" className="pointer-events-auto flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 shadow">
          <PhoneOff aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>
            <span className="font-medium">Calling unavailable.</span> {sp.calling?.reason ?? ""}
          </span>
        </div>
      ) : null}
      {!sp.active
        ? sp.ringing.map((c, i) => (
            <IncomingCard
              key={c.id}
              call={c}
              primary={i === 0}
              busy={sp.busy}
              onAccept={() => void sp.accept(c.id)}
              onDecline={() => void sp.decline(c.id)}
            />
          ))
        : null}
      {sp.active ? <ActivePanel a={sp.active} /> : null}
      {!sp.active && sp.ended ? <EndedCard /> : null}
    </section>
  );
}

function who(call: CallDto): { name: string; phone: string } {
  return { name: callerName(call), phone: call.contactPhone ?? "" };
}

/** The CRM lead line, when web includes it on the call (optional `lead` on the DTO). */
type LeadInfo = { name?: string | null; stage?: string | null; url?: string | null };

/** The conversation's last message, for the incoming card. */
function useConversationPreview(conversationId: string | null): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!conversationId) return;
    let live = true;
    apiFetch<{ lastMessageText?: string | null }>(`/api/v1/conversations/${encodeURIComponent(conversationId)}`).then(
      (c) => live && setText(c.lastMessageText ?? null),
      () => undefined, // the card works without a preview
    );
    return () => {
      live = false;
    };
  }, [conversationId]);
  return text;
}

function IncomingCard({ call, primary, busy, onAccept, onDecline }: { call: CallDto; primary: boolean; busy: string | null; onAccept: () => void; onDecline: () => void }) {
  const { name, phone } = who(call);
  const preview = useConversationPreview(call.conversationId);
  const lead = (call as CallDto & { lead?: LeadInfo | null }).lead ?? null;
  return (
    <div role="alertdialog" aria-label={`Incoming call from ${name}`} data-testid="softphone-incoming" data-call-id={call.id} className="pointer-events-auto rounded-xl border border-slate-200 bg-white p-4 shadow-xl">
      <p className="flex items-center gap-1.5 text-xs font-medium tracking-wide text-brand-700 uppercase">
        <Phone aria-hidden className="size-3.5 animate-pulse" /> Incoming WhatsApp call
      </p>
      <p className="mt-1 truncate text-base font-semibold text-slate-900">{name}</p>
      {phone && phone !== name ? <p className="text-sm text-slate-600">{phone}</p> : null}
      {lead?.name ? (
        <p className="mt-1 truncate text-xs text-slate-600" data-testid="softphone-lead">
          CRM lead:{" "}
          {lead.url ? (
            <a className="underline" href={lead.url} target="_blank" rel="noreferrer">
              {lead.name}
            </a>
          ) : (
            lead.name
          )}
          {lead.stage ? ` · ${lead.stage}` : ""}
        </p>
      ) : null}
      {preview ? <p className="mt-1 line-clamp-2 text-xs text-slate-500 italic" data-testid="softphone-preview">“{preview}”</p> : null}
      <div className="mt-3 flex gap-2">
        <Button className="flex-1 bg-emerald-600 hover:bg-emerald-700" onClick={onAccept} loading={busy === "accept"} disabled={busy !== null}>
          <Phone aria-hidden className="size-4" /> Accept
        </Button>
        <Button variant="danger" className="flex-1" onClick={onDecline} loading={busy === "decline"} disabled={busy !== null}>
          <PhoneOff aria-hidden className="size-4" /> Decline
        </Button>
      </div>
      {primary ? <p className="mt-2 text-center text-[11px] text-slate-500">Ctrl+Enter to accept · Esc to decline</p> : null}
    </div>
  );
}

type Drawer = "none" | "keypad" | "transfer" | "add";

function ActivePanel({ a }: { a: ActiveCall }) {
  const sp = useSoftphone()!;
  const [drawer, setDrawer] = useState<Drawer>("none");
  const { name, phone } = who(a.call);
  const outgoing = a.media === "waiting";
  const held = a.call.status === "on_hold";
  const answeredMs = a.call.answeredAt ? Date.parse(a.call.answeredAt) : a.acceptedAtMs;
  const toggle = (d: Drawer) => setDrawer((x) => (x === d ? "none" : d));
  const canControl = !outgoing && a.media === "connected";

  return (
    <div role="region" aria-label={`Call with ${name}`} data-testid="softphone-active" data-call-id={a.call.id} data-status={a.call.status} data-media={a.media} className="pointer-events-auto rounded-xl border border-slate-200 bg-white p-4 shadow-xl">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate text-base font-semibold text-slate-900">{name}</p>
          {phone && phone !== name ? <p className="text-sm text-slate-600">{phone}</p> : null}
        </div>
        <Badge tone={statusTone(a.call.status)} data-testid="softphone-status">
          {outgoing ? (a.call.status === "ringing" ? "Ringing…" : "Calling…") : statusLabel(a.call.status)}
        </Badge>
      </div>
      <div className="mt-2 flex items-center justify-between text-sm text-slate-700">
        {outgoing ? <span className="text-slate-500">Waiting for the customer to answer</span> : <CallTimer sinceMs={answeredMs ?? null} />}
        {!outgoing ? <QualityIndicator quality={a.quality} /> : null}
      </div>
      {a.media === "connecting" ? <p className="mt-1 text-xs text-slate-500">Connecting audio…</p> : null}
      {a.media === "failed" ? (
        <p role="alert" className="mt-1 text-xs text-red-700" data-testid="softphone-media-error">
          Audio failed: {a.mediaError ?? "unknown reason"}
        </p>
      ) : null}
      {held ? <p className="mt-1 text-xs text-violet-700">The customer hears the hold tone.</p> : null}

      {!outgoing ? (
        <div className="mt-3 grid grid-cols-5 gap-1.5">
          <IconToggle label={a.muted ? "Unmute" : "Mute"} pressed={a.muted} onClick={sp.toggleMute} disabled={!canControl}>
            {a.muted ? <MicOff aria-hidden className="size-4" /> : <Mic aria-hidden className="size-4" />}
          </IconToggle>
          <IconToggle label={held ? "Resume" : "Hold"} pressed={held} onClick={() => void sp.toggleHold()} disabled={sp.busy !== null || !canControl}>
            {held ? <Play aria-hidden className="size-4" /> : <Pause aria-hidden className="size-4" />}
          </IconToggle>
          <IconToggle label="Keypad" pressed={drawer === "keypad"} onClick={() => toggle("keypad")} disabled={!canControl}>
            <Grid3x3 aria-hidden className="size-4" />
          </IconToggle>
          <IconToggle label="Transfer" pressed={drawer === "transfer"} onClick={() => toggle("transfer")} disabled={!canControl}>
            <PhoneForwarded aria-hidden className="size-4" />
          </IconToggle>
          <IconToggle label="Add participant" pressed={drawer === "add"} onClick={() => toggle("add")} disabled={!canControl}>
            <UserPlus aria-hidden className="size-4" />
          </IconToggle>
        </div>
      ) : null}
      {drawer === "keypad" ? <DtmfKeypad onDigit={(d) => void sp.sendDtmf(d)} /> : null}
      {drawer === "transfer" || drawer === "add" ? (
        <AgentPicker
          selfId={sp.userId}
          mode={drawer}
          busy={sp.busy !== null}
          onPick={(id, how) => {
            setDrawer("none");
            if (how === "add") void sp.addParticipant(id);
            else void sp.transfer(id, how);
          }}
        />
      ) : null}
      <Button variant="danger" className="mt-3 w-full" onClick={() => void sp.hangup()} loading={sp.busy === "hangup"}>
        <PhoneOff aria-hidden className="size-4" /> {outgoing ? "Cancel call" : "Hang up"}
      </Button>
      <p className="mt-1.5 text-center text-[11px] text-slate-500">Esc hang up · Ctrl+Shift+M mute · Ctrl+Shift+H hold</p>
    </div>
  );
}

function IconToggle({ label, pressed, onClick, disabled, children }: { label: string; pressed: boolean; onClick: () => void; disabled?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      onClick={onClick}
      disabled={disabled}
      className={cn(
        "flex h-10 items-center justify-center rounded-md border text-slate-700 transition-colors focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-40",
        pressed ? "border-brand-300 bg-brand-50 text-brand-700" : "border-slate-200 bg-white hover:bg-slate-50",
      )}
    >
      {children}
    </button>
  );
}

function EndedCard() {
  const sp = useSoftphone()!;
  const e = sp.ended!;
  const { name } = who(e.call);
  return (
    <div role="status" data-testid="softphone-ended" data-status={e.call.status} className="pointer-events-auto rounded-xl border border-slate-200 bg-white p-3 shadow-lg">
      <div className="flex items-start justify-between gap-2">
        <p className="min-w-0 text-sm text-slate-800">
          Call with <span className="font-medium">{name}</span> · <span>{statusLabel(e.call.status)}</span>
          {e.call.durationSec ? <span className="text-slate-500"> · {formatDuration(e.call.durationSec)}</span> : null}
        </p>
        <button type="button" aria-label="Dismiss" onClick={sp.dismissEnded} className="rounded p-0.5 text-slate-500 hover:bg-slate-100">
          <X aria-hidden className="size-4" />
        </button>
      </div>
      {e.refusal ? (
        <p className="mt-1 text-xs text-red-700" data-testid="softphone-refusal">
          <span className="font-mono">{e.refusal.code}</span> — {e.refusal.text}
        </p>
      ) : e.call.endReason ? (
        <p className="mt-1 text-xs text-slate-500">Reason: {e.call.endReason.replace(/_/g, " ")}</p>
      ) : null}
    </div>
  );
}
