"use client";

import { Mic, MicOff, Phone, PhoneOff } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "@/components/ui/toaster";
import { CallTimer } from "@/components/softphone/call-timer";
import { phoneCalls, type SimCall, type SimUserCalls } from "./phone-calls-api";
import { usePhoneAudio, type PhoneAudio } from "./use-phone-audio";

/**
 * Calling on the phone simulator: the customer calls the business, answers or rejects the
 * business's calls, hangs up, presses keys (in-band DTMF), and answers call permission requests.
 *
 * The phone's audio goes through the sandbox's fake Meta relay (werift, ICE-lite, real ICE /
 * DTLS-SRTP / Opus), which faces the business exactly as Meta does. Once the person places or
 * answers a call, this page joins it with the browser's microphone and speaker (use-phone-audio.ts);
 * without a microphone (denied, missing, or "Use my microphone" unticked, `?mic=off`) the relay's
 * 440 Hz tone speaks for the customer and the page still plays what the business sends. The panel
 * also shows what the relay hears from the business (tone detection), e.g. the agent or the hold tone.
 */
const POLL_MS = 1000;
const LIVE = new Set(["ringing", "pre_accepted", "accepted"]);
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

export function PhoneCallPanel({ userKey }: { userKey: string }) {
  const [calls, setCalls] = useState<SimUserCalls | null>(null);
  const [useMic, setUseMic] = useState(useSearchParams().get("mic") !== "off");
  const [busy, setBusy] = useState(false);
  const [keypad, setKeypad] = useState(false);
  const [hearing, setHearing] = useState<string | null>(null);

  const poll = useCallback(async () => {
    try {
      setCalls(await phoneCalls.list(userKey));
    } catch {
      // The chat's own poll shows connection errors; the call bar just keeps its last state.
    }
  }, [userKey]);

  useEffect(() => {
    const first = setTimeout(() => void poll(), 0);
    const t = setInterval(() => void poll(), POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [poll]);

  const live: SimCall | undefined = calls?.data.find((c) => LIVE.has(c.state));
  const incoming = live && live.direction === "BUSINESS_INITIATED" && live.state === "ringing" && live.answerSdp !== null;
  const talking = live?.state === "accepted";
  // The page joins calls this phone placed, and business calls once answered.
  const join = !!live?.media && (live.direction === "USER_INITIATED" || talking);
  const audioRef = useRef<HTMLAudioElement>(null);
  const audio = usePhoneAudio({ callId: live?.id ?? null, join, useMic, audioRef });

  // What the customer hears, once a second while talking (agent's tone, hold tone, silence).
  useEffect(() => {
    if (!talking || !live?.media) return;
    const id = live.id;
    const t = setInterval(() => {
      phoneCalls.audio(id).then(
        (r) => {
          const d = r.detection as { freq?: number | null; levelDbfs?: number };
          setHearing(d.freq ? `${d.freq} Hz tone` : d.levelDbfs !== undefined && d.levelDbfs > -60 ? "voice / noise" : "silence");
        },
        () => setHearing(null),
      );
    }, 1000);
    return () => clearInterval(t);
  }, [talking, live?.id, live?.media]);

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await poll();
    } catch (e) {
      toast.error(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const permissionAsked = calls?.permission.status === "requested" || calls?.permission.status === "pending";

  return (
    <div className="border-b border-black/10 bg-white/90 px-3 py-2 text-xs text-slate-700" data-testid="phone-calls" data-call-state={live?.state ?? "none"}>
      {/* Always mounted, so the audio hook can attach the business's stream as soon as it arrives. */}
      <audio ref={audioRef} autoPlay data-testid="phone-remote-audio" aria-label="Call audio from the business" />
      {!live ? (
        <div className="flex items-center justify-between gap-2">
          <label className="inline-flex items-center gap-1.5">
            <input type="checkbox" checked={useMic} onChange={(e) => setUseMic(e.target.checked)} className="size-3.5 accent-[#008069]" />
            Use my microphone <span className="text-slate-500">(else a 440 Hz test tone)</span>
          </label>
          <button
            type="button"
            disabled={busy || calls === null}
            onClick={() =>
              void act("Call", async () => {
                await phoneCalls.useRelay(userKey);
                await phoneCalls.place(userKey);
              })
            }
            className="inline-flex items-center gap-1 rounded-full bg-[#008069] px-3 py-1 font-medium text-white hover:bg-[#006e5a] disabled:opacity-60"
          >
            <Phone aria-hidden className="size-3.5" /> Call business
          </button>
        </div>
      ) : incoming ? (
        <div role="alertdialog" aria-label="Incoming call from the business" className="flex items-center justify-between gap-2">
          <span className="font-medium">The business is calling…</span>
          <span className="flex gap-1.5">
            <button type="button" disabled={busy} onClick={() => void act("Answer", () => phoneCalls.answer(live.id))} className="rounded-full bg-emerald-600 px-3 py-1 font-medium text-white disabled:opacity-60">
              Answer
            </button>
            <button type="button" disabled={busy} onClick={() => void act("Reject", () => phoneCalls.reject(live.id))} className="rounded-full bg-red-600 px-3 py-1 font-medium text-white disabled:opacity-60">
              Reject
            </button>
          </span>
        </div>
      ) : (
        <div>
          <div className="flex items-center justify-between gap-2">
            <span data-testid="phone-call-status">
              {talking ? (
                <>
                  On call · <CallTimer sinceMs={live.acceptedAt ? Date.parse(live.acceptedAt) : null} />
                  {hearing && talking ? <span className="text-slate-500"> · hearing {hearing}</span> : null}
                </>
              ) : live.direction === "USER_INITIATED" ? (
                "Calling the business…"
              ) : (
                "Connecting…"
              )}
            </span>
            <span className="flex gap-1.5">
              {talking ? (
                <button type="button" onClick={() => setKeypad((k) => !k)} aria-pressed={keypad} className="rounded-full border border-slate-300 px-2.5 py-1">
                  Keypad
                </button>
              ) : null}
              <button type="button" disabled={busy} onClick={() => void act("Hang up", () => phoneCalls.hangup(live.id))} className="inline-flex items-center gap-1 rounded-full bg-red-600 px-3 py-1 font-medium text-white disabled:opacity-60">
                <PhoneOff aria-hidden className="size-3.5" /> Hang up
              </button>
            </span>
          </div>
          {join ? <AudioControls audio={audio} useMic={useMic} onUseMic={setUseMic} /> : null}
          {keypad && talking ? (
            <div role="group" aria-label="Phone keypad" className="mt-2 grid grid-cols-6 gap-1">
              {KEYS.map((k) => (
                <button key={k} type="button" onClick={() => void act("DTMF", () => phoneCalls.dtmf(live.id, k))} className="rounded border border-slate-300 bg-white py-1 font-mono">
                  {k}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      )}
      {permissionAsked ? (
        <div className="mt-2 flex items-center justify-between gap-2 rounded bg-amber-50 px-2 py-1.5" data-testid="phone-call-permission">
          <span>The business asks to call you.</span>
          <span className="flex gap-1.5">
            <button type="button" disabled={busy} onClick={() => void act("Allow", () => phoneCalls.replyPermission(userKey, "accept"))} className="rounded-full bg-emerald-600 px-2.5 py-0.5 text-white">
              Allow
            </button>
            <button type="button" disabled={busy} onClick={() => void act("Decline", () => phoneCalls.replyPermission(userKey, "reject"))} className="rounded-full bg-slate-500 px-2.5 py-0.5 text-white">
              Decline
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}

const MIC_TEXT: Record<PhoneAudio["mic"], string> = {
  off: "Microphone off: the business hears a 440 Hz test tone.",
  asking: "Asking for your microphone…",
  on: "Microphone on.",
  denied: "Microphone blocked: the business hears a 440 Hz test tone. Allow the microphone for this site, then try again.",
  unavailable: "No microphone available: the business hears a 440 Hz test tone.",
};

const LINK_TEXT: Record<PhoneAudio["link"], string> = {
  idle: "",
  connecting: "Connecting audio…",
  connected: "Audio connected.",
  failed: "Audio failed.",
};

/** Microphone state, mute, input level and the audio link, for a call this page has joined. */
function AudioControls({ audio, useMic, onUseMic }: { audio: PhoneAudio; useMic: boolean; onUseMic: (on: boolean) => void }) {
  const { mic, link, muted, level } = audio;
  const problem = mic === "denied" || mic === "unavailable" || link === "failed";
  return (
    <div className="mt-2 space-y-1.5" data-testid="phone-audio" data-mic={mic} data-link={link} data-muted={muted ? "true" : "false"}>
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={audio.toggleMute}
          disabled={mic !== "on"}
          aria-pressed={muted}
          className="inline-flex items-center gap-1 rounded-full border border-slate-300 px-2.5 py-1 disabled:opacity-50"
        >
          {muted ? <MicOff aria-hidden className="size-3.5" /> : <Mic aria-hidden className="size-3.5" />}
          {muted ? "Unmute" : "Mute"}
        </button>
        <div
          role="meter"
          aria-label="Microphone level"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(level * 100)}
          data-testid="phone-mic-level"
          className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-200"
        >
          <div className={muted ? "h-full bg-slate-400" : "h-full bg-emerald-500"} style={{ width: `${Math.round(level * 100)}%` }} />
        </div>
        <button type="button" onClick={() => onUseMic(!useMic)} className="rounded-full border border-slate-300 px-2.5 py-1">
          {useMic ? "Use test tone" : "Use microphone"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={problem ? "text-red-700" : "text-slate-500"} data-testid="phone-mic-status">
        {muted && mic === "on" ? "Muted: the business hears silence." : MIC_TEXT[mic]} {LINK_TEXT[link]}
        {audio.error ? ` ${audio.error}` : null}
        {problem ? (
          <button type="button" onClick={audio.retry} className="ml-1.5 font-medium text-[#008069] underline">
            Try again
          </button>
        ) : null}
      </p>
    </div>
  );
}
