"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ApiError, errorMessage } from "@/components/shell/api-fetch";
import { toast } from "@/components/ui/toaster";
import { isTerminal, mediaOf, type CallDto, type CallingStatus } from "@/lib/softphone-client/call-types";
import { callsApi } from "@/lib/softphone-client/calls-api";
import { MediaLink } from "@/lib/softphone-client/media-link";
import { mark, MediaSession, releaseMicrophone, requestMicrophone, type MediaSessionState } from "@/lib/softphone-client/media-session";
import type { QualityReading } from "@/lib/softphone-client/network-quality";
import { refusalView, type RefusalView } from "@/lib/softphone-client/refusal-text";
import { INCOMING_RING, playTonePattern, RINGBACK } from "@/lib/softphone-client/tone-player";
import { useRealtimeEvents } from "@/lib/realtime-client/use-realtime";
import { Softphone } from "./softphone";

/**
 * The softphone's state for the whole signed-in app. Mounted once in the dashboard layout, so a call
 * (and its media session) survives client-side navigation between pages.
 *
 * Sources of truth: the server's Call (SSE `call.ringing` / `call.updated` / `call.ended`, and the
 * answers of POST /api/calls/…) decides the status; this provider only owns the browser's media
 * session and local toggles (mute). Ringing calls are the ones whose `call.ringing` event named this
 * user in `agentIds`.
 */
export interface ActiveCall {
  call: CallDto;
  media: MediaSessionState | "waiting";
  mediaError: string | null;
  muted: boolean;
  quality: QualityReading | null;
  /** Date.now() of the accept click, and of the first received audio (for display / measures). */
  acceptedAtMs: number | null;
}

export interface EndedCall {
  call: CallDto;
  refusal: RefusalView | null;
}

export interface SoftphoneContextValue {
  userId: string;
  calling: CallingStatus | null;
  ringing: CallDto[];
  active: ActiveCall | null;
  ended: EndedCall | null;
  busy: string | null;
  accept(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(): Promise<void>;
  toggleMute(): void;
  toggleHold(): Promise<void>;
  sendDtmf(digits: string): Promise<void>;
  transfer(toAgentId: string, mode: "cold" | "warm"): Promise<void>;
  addParticipant(agentId: string): Promise<void>;
  /** Click-to-call: places the call; throws ApiError (NO_PERMISSION, Meta refusals) for the caller to show. */
  callContact(contactId: string): Promise<CallDto>;
  dismissEnded(): void;
}

const SoftphoneContext = createContext<SoftphoneContextValue | null>(null);

export function useSoftphone(): SoftphoneContextValue | null {
  return useContext(SoftphoneContext);
}

const LIVE_MEDIA_STATUSES = new Set(["connecting", "in_progress", "on_hold", "transferring"]);

export function SoftphoneProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [calling, setCalling] = useState<CallingStatus | null>(null);
  const [ringing, setRinging] = useState<CallDto[]>([]);
  const [active, setActive] = useState<ActiveCall | null>(null);
  const [ended, setEnded] = useState<EndedCall | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const session = useRef<MediaSession | null>(null);
  // The standing media-server connection (socket + loaded Device), opened once calling is available.
  const link = useRef<MediaLink | null>(null);
  // Callbacks read the latest call through this ref (kept in sync after each commit).
  const activeRef = useRef<ActiveCall | null>(null);
  useEffect(() => {
    activeRef.current = active;
  }, [active]);

  // ---- Calling availability (web's view of the media-server + settings) --------------------
  const refreshStatus = useCallback(async () => {
    try {
      setCalling(await callsApi.status());
    } catch (err) {
      setCalling({ available: false, reason: err instanceof ApiError && err.status === 404 ? "Calling is not set up on this server." : errorMessage(err) });
    }
  }, []);
  useEffect(() => {
    const first = setTimeout(() => void refreshStatus(), 0);
    const t = setInterval(() => void refreshStatus(), 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [refreshStatus]);

  // ---- Media --------------------------------------------------------------------------------
  // Connect to the media-server before any call rings, so accepting skips the socket handshake and
  // the Device load; the link reconnects by itself if the socket drops.
  const callingAvailable = calling?.available === true;
  useEffect(() => {
    if (!callingAvailable || link.current) return;
    const l = new MediaLink({ fetchToken: () => callsApi.userMediaToken() });
    link.current = l;
    l.start();
  }, [callingAvailable]);
  useEffect(
    () => () => {
      link.current?.close();
      link.current = null;
    },
    [],
  );

  const closeMedia = useCallback(() => {
    session.current?.close();
    session.current = null;
  }, []);

  const finish = useCallback(
    (call: CallDto) => {
      closeMedia();
      setActive(null);
      setEnded({ call, refusal: refusalView(call.error ?? null) });
    },
    [closeMedia],
  );

  const startMedia = useCallback(
    async (callId: string, token: string, mediaUrl: string, mic?: Promise<MediaStream>) => {
      closeMedia();
      const s = new MediaSession({
        callId,
        token,
        mediaUrl,
        link: link.current,
        mic,
        onState: (state, reason) => {
          setActive((a) => (a && a.call.id === callId ? { ...a, media: state, mediaError: reason ?? null } : a));
          if (state === "failed") {
            toast.error(`Call audio failed: ${reason ?? "unknown reason"}`);
            void refreshStatus();
          }
        },
        onQuality: (quality) => setActive((a) => (a && a.call.id === callId ? { ...a, quality } : a)),
        onLegClosed: () => setActive((a) => (a && a.call.id === callId ? { ...a, media: "closed" } : a)),
      });
      session.current = s;
      try {
        await s.start();
      } catch (err) {
        // onState already recorded the failure for the UI.
        if (session.current === s) session.current = null;
        throw err;
      }
    },
    [closeMedia, refreshStatus],
  );

  const joinMediaFor = useCallback(
    async (callId: string) => {
      const t = await callsApi.mediaToken(callId);
      await startMedia(callId, t.token, t.url);
    },
    [startMedia],
  );

  // ---- Server events ------------------------------------------------------------------------
  const applyCall = useCallback(
    (call: CallDto, ringFor?: string[]) => {
      if (ringFor) {
        if (ringFor.includes(userId) && !isTerminal(call.status)) {
          setRinging((list) => [call, ...list.filter((c) => c.id !== call.id)]);
        }
      } else {
        setRinging((list) => {
          // Still ours to answer: we are rung (inbound), or the transfer / invitation target.
          const stillRinging = (c: CallDto) =>
            c.id !== call.id ||
            (!isTerminal(call.status) &&
              call.agentId !== userId &&
              (call.ringingAgentIds.includes(userId) ||
                call.transferToAgentId === userId ||
                ((call.status === "ringing" || call.status === "queued") && !call.agentId && call.ringingAgentIds.length === 0)));
          return list.some((c) => c.id === call.id) ? list.filter(stillRinging).map((c) => (c.id === call.id ? call : c)) : list;
        });
      }
      const a = activeRef.current;
      if (a && a.call.id === call.id) {
        // Transferred away from us (the target accepted): our leg is over, the call is not. An added
        // participant never owned the call, so this never ends their leg.
        const transferredAway = a.call.agentId === userId && call.agentId !== null && call.agentId !== userId;
        if (isTerminal(call.status) || transferredAway) {
          finish(call);
          return;
        }
        // A functional update: the ref may lag a media state change not yet committed (overwriting
        // it with the ref's copy left a connected call "connecting", its controls disabled).
        // Outbound: Meta reported ACCEPTED → join the media now (ringback stops).
        if (a.media === "waiting" && LIVE_MEDIA_STATUSES.has(call.status) && call.status !== "connecting") {
          activeRef.current = { ...a, call, media: "connecting" }; // a second event before the commit must not join again
          setActive((x) => (x?.call.id === call.id ? { ...x, call, media: "connecting" } : x));
          void joinMediaFor(call.id).catch((err) => toast.error(`Could not connect the call audio: ${errorMessage(err)}`));
        } else {
          setActive((x) => (x?.call.id === call.id ? { ...x, call } : x));
        }
      }
    },
    [finish, joinMediaFor, userId],
  );

  useRealtimeEvents((e) => {
    if (!e.type.startsWith("call.")) return;
    const data = e.data as { call?: CallDto; agentIds?: string[]; callId?: string };
    if (e.type === "call.permission_changed") return; // click-to-call buttons listen for this themselves
    if (data.call) {
      applyCall(data.call, e.type === "call.ringing" ? (data.agentIds ?? []) : undefined);
      return;
    }
    // Older payload ({ callId, status }): fetch the call.
    if (data.callId) {
      void callsApi.get(data.callId).then((c) => applyCall(c), () => undefined); // a call we may not see: ignore
    }
  });

  // The accept response can arrive after the SSE update that follows it (and would put a stale
  // "connecting" back), and an event can fall between reconnects: while the call is still being
  // connected, re-read it from the server every 1.5 s until it settles.
  const settlingCallId = active && (active.call.status === "connecting" || active.call.status === "transferring") ? active.call.id : null;
  useEffect(() => {
    if (!settlingCallId) return;
    const timer = setInterval(() => {
      void callsApi.get(settlingCallId).then(
        (c) => applyCall(c),
        () => undefined, // the next tick or event tries again
      );
    }, 1500);
    return () => clearInterval(timer);
  }, [settlingCallId, applyCall]);

  // ---- Ring / ringback sounds -----------------------------------------------------------------
  const ringingCount = ringing.length;
  const outgoingRinging = active !== null && active.call.direction === "outbound" && active.media === "waiting";
  useEffect(() => (ringingCount > 0 && !active ? playTonePattern(INCOMING_RING) : undefined), [ringingCount, active]);
  useEffect(() => (outgoingRinging ? playTonePattern(RINGBACK) : undefined), [outgoingRinging]);

  useEffect(() => () => closeMedia(), [closeMedia]);

  // ---- Actions --------------------------------------------------------------------------------
  const guard = useCallback(async <T,>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(label);
    try {
      return await fn();
    } catch (err) {
      toast.error(errorMessage(err));
      return undefined;
    } finally {
      setBusy(null);
    }
  }, []);

  const accept = useCallback(
    async (callId: string) => {
      const clickedAt = Date.now();
      mark("softphone:accept-click", callId);
      // While web accepts: the microphone, and the media link (reconnected now if it dropped). The
      // join itself waits for the accept's call token — only web knows whether this agent won the
      // call, and the media-server admits nobody before it says so.
      const mic = requestMicrophone();
      void link.current?.ready().catch(() => undefined); // the session falls back to a socket of its own
      await guard("accept", async () => {
        let res;
        try {
          res = await callsApi.accept(callId);
        } catch (err) {
          releaseMicrophone(mic);
          if (err instanceof ApiError && err.status === 409) {
            setRinging((l) => l.filter((c) => c.id !== callId));
            throw new ApiError(409, err.code, "Another agent already answered this call.");
          }
          throw err;
        }
        mark("softphone:accept-answered", callId);
        setRinging((l) => l.filter((c) => c.id !== callId));
        setEnded(null);
        setActive({ call: res.call, media: "connecting", mediaError: null, muted: false, quality: null, acceptedAtMs: clickedAt });
        const media = mediaOf(res);
        if (media) await startMedia(callId, media.token, media.url, mic);
        else {
          releaseMicrophone(mic);
          await joinMediaFor(callId);
        }
      });
    },
    [guard, joinMediaFor, startMedia],
  );

  const decline = useCallback(
    async (callId: string) => {
      await guard("decline", async () => {
        await callsApi.decline(callId);
        setRinging((l) => l.filter((c) => c.id !== callId));
      });
    },
    [guard],
  );

  const hangup = useCallback(async () => {
    const a = activeRef.current;
    if (!a) return;
    await guard("hangup", async () => {
      try {
        await callsApi.hangup(a.call.id);
      } finally {
        // Our media goes either way; the final status arrives as call.ended.
        closeMedia();
      }
      setActive(null);
      setEnded({ call: { ...a.call, status: a.call.status === "in_progress" || a.call.status === "on_hold" ? "completed" : a.call.status }, refusal: null });
    });
  }, [closeMedia, guard]);

  const toggleMute = useCallback(() => {
    const s = session.current;
    if (!s) return;
    const next = !s.muted;
    s.setMuted(next);
    setActive((a) => (a ? { ...a, muted: next } : a));
  }, []);

  const toggleHold = useCallback(async () => {
    const a = activeRef.current;
    if (!a) return;
    const held = a.call.status === "on_hold";
    await guard(held ? "resume" : "hold", async () => {
      if (held) await callsApi.resume(a.call.id);
      else await callsApi.hold(a.call.id);
      // Optimistic until call.updated arrives; our microphone stays muted while the customer is on hold.
      session.current?.setMuted(!held ? true : a.muted);
      setActive((x) => (x ? { ...x, call: { ...x.call, status: held ? "in_progress" : "on_hold" } } : x));
    });
  }, [guard]);

  const sendDtmf = useCallback(
    async (digits: string) => {
      const a = activeRef.current;
      if (!a) return;
      await guard("dtmf", () => callsApi.dtmf(a.call.id, digits));
    },
    [guard],
  );

  const transfer = useCallback(
    async (toAgentId: string, mode: "cold" | "warm") => {
      const a = activeRef.current;
      if (!a) return;
      await guard("transfer", async () => {
        await callsApi.transfer(a.call.id, toAgentId, mode);
        toast.success(
          mode === "cold"
            ? "Transferring: the customer hears the hold tone until the other agent answers."
            : "Calling the other agent: you stay with the customer until they answer.",
        );
        if (mode === "cold") {
          closeMedia();
          setActive(null);
        }
      });
    },
    [closeMedia, guard],
  );

  const addParticipant = useCallback(
    async (agentId: string) => {
      const a = activeRef.current;
      if (!a) return;
      await guard("participant", async () => {
        await callsApi.addParticipant(a.call.id, agentId);
        toast.success("Invited the agent to join the call.");
      });
    },
    [guard],
  );

  const callContact = useCallback(
    async (contactId: string) => {
      if (activeRef.current) throw new ApiError(409, "BUSY", "Finish the current call first.");
      const res = await callsApi.outbound(contactId);
      setEnded(null);
      setActive({ call: res.call, media: "waiting", mediaError: null, muted: false, quality: null, acceptedAtMs: null });
      if (isTerminal(res.call.status)) finish(res.call);
      return res.call;
    },
    [finish],
  );

  const value = useMemo<SoftphoneContextValue>(
    () => ({
      userId,
      calling,
      ringing,
      active,
      ended,
      busy,
      accept,
      decline,
      hangup,
      toggleMute,
      toggleHold,
      sendDtmf,
      transfer,
      addParticipant,
      callContact,
      dismissEnded: () => setEnded(null),
    }),
    [userId, calling, ringing, active, ended, busy, accept, decline, hangup, toggleMute, toggleHold, sendDtmf, transfer, addParticipant, callContact],
  );

  return (
    <SoftphoneContext.Provider value={value}>
      {children}
      <Softphone />
    </SoftphoneContext.Provider>
  );
}
