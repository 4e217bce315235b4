"use client";

import { useEffect, useState } from "react";
import { EMBED_SIGNED_IN_MESSAGE } from "./embed-sign-in";

/** Runs in the sign-in popup: hands the code to the iframe that opened it (our origin only) and closes. */
export function EmbedSignedIn({ code, nonce }: { code: string; nonce: string }) {
  // Whether this window has an opener is known only in the browser, after hydration.
  const [noOpener, setNoOpener] = useState(false);
  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener) {
      // Deferred: the effect only subscribes the browser-side outcome, no synchronous re-render.
      queueMicrotask(() => setNoOpener(true));
      return;
    }
    opener.postMessage({ type: EMBED_SIGNED_IN_MESSAGE, code, nonce }, window.location.origin);
    window.close();
  }, [code, nonce]);
  return (
    <main className="flex min-h-screen items-center justify-center p-6 text-center text-sm text-slate-600">
      {noOpener ? "You are signed in. Close this window and reload the CRM page." : "Signed in. You can close this window."}
    </main>
  );
}
