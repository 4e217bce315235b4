import type { QualityReading } from "@/lib/softphone-client/network-quality";
import { cn } from "@/components/ui/cn";

const LABEL = { good: "Good", fair: "Fair", poor: "Poor", unknown: "Measuring…" } as const;
const BARS = { good: 3, fair: 2, poor: 1, unknown: 0 } as const;
const COLOR = { good: "bg-emerald-500", fair: "bg-amber-500", poor: "bg-red-500", unknown: "bg-slate-300" } as const;

/** Three bars + a label; the numbers behind it in the tooltip. */
export function QualityIndicator({ quality }: { quality: QualityReading | null }) {
  const level = quality?.level ?? "unknown";
  const detail = quality
    ? [
        quality.rttMs !== null ? `RTT ${Math.round(quality.rttMs)} ms` : null,
        quality.jitterMs !== null ? `jitter ${Math.round(quality.jitterMs)} ms` : null,
        quality.lossPct !== null ? `loss ${quality.lossPct.toFixed(1)} %` : null,
        quality.mos !== null ? `MOS ${quality.mos.toFixed(1)}` : null,
      ]
        .filter(Boolean)
        .join(", ")
    : "No statistics yet";
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600" title={detail} data-testid="softphone-quality" data-level={level}>
      <span aria-hidden className="flex h-3 items-end gap-0.5">
        {[1, 2, 3].map((i) => (
          <span key={i} className={cn("w-1 rounded-sm", i <= BARS[level] ? COLOR[level] : "bg-slate-200")} style={{ height: `${i * 4}px` }} />
        ))}
      </span>
      <span>
        <span className="sr-only">Network quality: </span>
        {LABEL[level]}
      </span>
    </span>
  );
}
