import { AlertCircle, AlertTriangle, Info } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

const TONES = {
  error: { box: "border-red-200 bg-red-50 text-red-800", Icon: AlertCircle },
  warning: { box: "border-amber-200 bg-amber-50 text-amber-900", Icon: AlertTriangle },
  info: { box: "border-sky-200 bg-sky-50 text-sky-900", Icon: Info },
} as const;

/** An inline message. Errors use role="alert" so screen readers announce them when they appear. */
export function Alert({
  tone = "error",
  children,
  className,
}: {
  tone?: keyof typeof TONES;
  children: ReactNode;
  className?: string;
}) {
  const { box, Icon } = TONES[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn("flex gap-2.5 rounded-md border px-3 py-2.5 text-sm", box, className)}
    >
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
