"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { phoneCalls } from "./phone-calls-api";

/**
 * The phone simulator's own audio: once the person places or answers a call, the page captures the
 * microphone and joins the call through the sandbox's browser bridge (POST /control/calls/:id/browser,
 * one offer → one answer, ICE gathered up front). The sandbox forwards it to the fake Meta relay,
 * which keeps facing the business exactly as Meta does. Without a microphone (denied, missing, or
 * turned off) the page still joins to listen, and the relay's tone speaks for the user.
 *
 * mic:  off (tone chosen) · asking (permission prompt) · on · denied · unavailable (no device / error)
 * link: idle · connecting · connected · failed
 */
export type MicState = "off" | "asking" | "on" | "denied" | "unavailable";
export type LinkState = "idle" | "connecting" | "connected" | "failed";

const GATHER_TIMEOUT_MS = 5_000;
const METER_MS = 100;

export interface PhoneAudio {
  mic: MicState;
  link: LinkState;
  error: string | null;
  muted: boolean;
  /** Microphone input level 0…1 (RMS, scaled for display). */
  level: number;
  toggleMute(): void;
  /** Ask for the microphone again (after a denial or a failed link). */
  retry(): void;
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    // Host candidates come at once on a LAN; a slow STUN-less gather must not hold the call up.
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState !== "complete") return;
      clearTimeout(timer);
      resolve();
    });
  });
}

function micError(err: unknown): MicState {
  const name = err instanceof DOMException ? err.name : "";
  return name === "NotAllowedError" || name === "SecurityError" ? "denied" : "unavailable";
}

export interface UsePhoneAudioOptions {
  callId: string | null;
  /** Join now (a call this phone placed, or a business call it answered). */
  join: boolean;
  useMic: boolean;
  /** Plays what the business sends. */
  audioRef: React.RefObject<HTMLAudioElement | null>;
}

export function usePhoneAudio({ callId, join, useMic, audioRef }: UsePhoneAudioOptions): PhoneAudio {
  const [mic, setMic] = useState<MicState>("off");
  const [link, setLink] = useState<LinkState>("idle");
  const [error, setError] = useState<string | null>(null);
  const [muted, setMuted] = useState(false);
  const [level, setLevel] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(null);
  const mutedRef = useRef(false);

  useEffect(() => {
    if (!callId || !join) return;
    let cancelled = false;
    let pc: RTCPeerConnection | null = null;
    let stream: MediaStream | null = null;
    let ctx: AudioContext | null = null;
    let meter: ReturnType<typeof setInterval> | null = null;
    const audioEl = audioRef.current;
    const leave = () => void phoneCalls.detachBrowser(callId, true).catch(() => undefined); // the call may be gone already
    window.addEventListener("pagehide", leave);

    const startMeter = (s: MediaStream) => {
      ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(s).connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      meter = setInterval(() => {
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (const x of buf) sum += x * x;
        // -60 dBFS → 0, 0 dBFS → 1: a speaking voice sits around the middle.
        const db = 10 * Math.log10(sum / buf.length || 1e-12);
        setLevel(Math.round(Math.max(0, Math.min(1, (db + 60) / 60)) * 20) / 20);
      }, METER_MS);
    };

    const run = async () => {
      setError(null);
      setLevel(0);
      mutedRef.current = false;
      setMuted(false);
      if (useMic) {
        setMic("asking");
        try {
          stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
        } catch (err) {
          if (cancelled) return;
          setMic(micError(err));
        }
        if (cancelled) {
          stream?.getTracks().forEach((t) => t.stop());
          return;
        }
        if (stream) {
          setMic("on");
          streamRef.current = stream;
          stream.getAudioTracks().forEach((t) => (t.enabled = !mutedRef.current));
          startMeter(stream);
        }
      } else {
        setMic("off");
      }
      setLink("connecting");
      pc = new RTCPeerConnection();
      const track = stream?.getAudioTracks()[0];
      if (stream && track) pc.addTrack(track, stream);
      else pc.addTransceiver("audio", { direction: "recvonly" });
      pc.ontrack = (e) => {
        if (audioEl) audioEl.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      };
      const p = pc;
      p.onconnectionstatechange = () => {
        if (cancelled) return;
        if (p.connectionState === "connected") setLink("connected");
        else if (p.connectionState === "failed") {
          setLink("failed");
          setError("The audio connection to the sandbox failed.");
        }
      };
      await p.setLocalDescription(await p.createOffer());
      await gathered(p);
      if (cancelled) return;
      const { answer } = await phoneCalls.attachBrowser(callId, p.localDescription!.sdp);
      if (cancelled) return;
      await p.setRemoteDescription({ type: "answer", sdp: answer });
    };
    run().catch((err: unknown) => {
      if (cancelled) return;
      setLink("failed");
      setError(err instanceof Error ? err.message : String(err));
    });

    return () => {
      cancelled = true;
      window.removeEventListener("pagehide", leave);
      if (meter) clearInterval(meter);
      void ctx?.close();
      pc?.close();
      stream?.getTracks().forEach((t) => t.stop());
      streamRef.current = null;
      if (audioEl) audioEl.srcObject = null;
      leave();
      setLink("idle");
      setLevel(0);
    };
  }, [callId, join, useMic, attempt, audioRef]);

  const toggleMute = useCallback(() => {
    const next = !mutedRef.current;
    mutedRef.current = next;
    streamRef.current?.getAudioTracks().forEach((t) => (t.enabled = !next));
    setMuted(next);
  }, []);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  return { mic, link, error, muted, level, toggleMute, retry };
}
