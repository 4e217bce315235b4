"use client";

import { LogIn } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

/** The message the sign-in popup posts to the iframe that opened it (app/embed/signed-in). */
export const EMBED_SIGNED_IN_MESSAGE = "wcc:embed-signed-in";

/**
 * "Sign in" inside the Frappe iframe. Signing in inside a cross-site iframe is not possible
 * (browsers drop or partition cookies set there by a top-level flow, and OAuth pages refuse to be
 * framed), so a popup runs the normal sign-in (credentials or Frappe OAuth) top-level, then posts a
 * one-minute code back. We accept it only from our own origin and from the popup we opened,
 * exchange it at /embed/session for a session cookie partitioned under this iframe, and reload.
 */
export function EmbedSignIn() {
  const [state, setState] = useState<"idle" | "waiting" | "exchanging" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  const popup = useRef<Window | null>(null);
  const nonce = useRef<string>("");
  const hydrated = useHydrated();

  useEffect(() => {
    async function onMessage(e: MessageEvent) {
      if (e.origin !== window.location.origin || (popup.current && e.source !== popup.current)) return;
      const data = e.data as { type?: unknown; code?: unknown; nonce?: unknown } | null;
      if (!data || data.type !== EMBED_SIGNED_IN_MESSAGE || data.nonce !== nonce.current || typeof data.code !== "string") return;
      setState("exchanging");
      const res = await fetch("/embed/session", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: data.code, nonce: nonce.current }),
      });
      if (res.ok) {
        window.location.reload();
        return;
      }
      setState("error");
      setError("Signing in did not complete. Try again.");
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  const open = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    nonce.current = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    const callback = `/embed/signed-in?nonce=${nonce.current}`;
    popup.current = window.open(`/signin?callbackUrl=${encodeURIComponent(callback)}`, "wcc-signin", "popup,width=480,height=680");
    setError(popup.current ? null : "Your browser blocked the sign-in window. Allow pop-ups for this site and try again.");
    setState(popup.current ? "waiting" : "error");
  };

  return (
    <div className="flex min-h-[320px] flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm text-slate-600">Sign in to see this lead&apos;s WhatsApp conversation.</p>
      <Button onClick={open} loading={state === "exchanging"} disabled={!hydrated}>
        <LogIn aria-hidden className="size-4" /> Sign in
      </Button>
      {state === "waiting" ? <p className="text-xs text-slate-500">Finish signing in in the window that opened.</p> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
