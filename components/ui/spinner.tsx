import { Loader2 } from "lucide-react";
import { cn } from "./cn";

export function Spinner({ className, label }: { className?: string; label?: string }) {
  return (
    <span role={label ? "status" : undefined} className="inline-flex items-center gap-2">
      <Loader2 aria-hidden className={cn("size-5 animate-spin text-current", className)} />
      {label ? <span className="text-sm text-slate-600">{label}</span> : null}
    </span>
  );
}
