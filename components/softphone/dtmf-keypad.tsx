"use client";

import { useState } from "react";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/** The DTMF keypad; each press sends one digit (web forwards it in-band toward WhatsApp). */
export function DtmfKeypad({ onDigit, disabled }: { onDigit: (d: string) => void; disabled?: boolean }) {
  const [sent, setSent] = useState("");
  return (
    <div className="mt-2">
      <div aria-live="polite" className="mb-1 h-5 truncate text-center font-mono text-sm text-slate-700" data-testid="softphone-dtmf-sent">
        {sent}
      </div>
      <div role="group" aria-label="Keypad" className="grid grid-cols-3 gap-1.5">
        {KEYS.map((k) => (
          <button
            key={k}
            type="button"
            disabled={disabled}
            aria-label={`Key ${k}`}
            onClick={() => {
              setSent((s) => (s + k).slice(-16));
              onDigit(k);
            }}
            className="h-9 rounded-md border border-slate-200 bg-white font-mono text-base text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50"
          >
            {k}
          </button>
        ))}
      </div>
    </div>
  );
}
