"use client";

import { useEffect, useState } from "react";
import { EMBED_SIGNED_IN_MESSAGE } from "./embed-sign-in";

/** Runs in the sign-in popup: hands the code to the iframe that opened it (our origin only) and closes. */
export function EmbedSignedIn({ code, nonce }: { code: string; nonce: string }) {
  const [done, setDone] = useState<"sent" | "no-opener" | null>(null);
  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener) {
      setDone("no-opener");
      return;
    }
    opener.postMessage({ type: EMBED_SIGNED_IN_MESSAGE, code, nonce }, window.location.origin);
    setDone("sent");
    window.close();
  }, [code, nonce]);
  return (
    <main className="flex min-h-screen items-center justify-center p-6 text-center text-sm text-slate-600">
      {done === "no-opener" ? "You are signed in. Close this window and reload the CRM page." : "Signed in. You can close this window."}
    </main>
  );
}
