"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/softphone-client/format";

/** Seconds since `sinceMs`, ticking every second. */
export function CallTimer({ sinceMs }: { sinceMs: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="font-mono tabular-nums" data-testid="softphone-timer">
      {sinceMs === null ? "0:00" : formatDuration(Math.max(0, (now - sinceMs) / 1000))}
    </span>
  );
}
