/** 0:07, 12:34, 1:02:03 — the softphone timer and the calls list's duration column. */
export function formatDuration(totalSec: number | null | undefined): string {
  if (totalSec === null || totalSec === undefined || !Number.isFinite(totalSec) || totalSec < 0) return "—";
  const s = Math.floor(totalSec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

const STATUS_LABELS: Record<string, string> = {
  ringing: "Ringing",
  queued: "Queued",
  connecting: "Connecting",
  in_progress: "In progress",
  on_hold: "On hold",
  transferring: "Transferring",
  completed: "Completed",
  missed: "Missed",
  no_answer: "No answer",
  rejected: "Rejected",
  failed: "Failed",
  abandoned: "Abandoned",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.replace(/_/g, " ");
}

export type StatusTone = "neutral" | "green" | "amber" | "red" | "blue" | "violet";

export function statusTone(status: string): StatusTone {
  if (status === "completed") return "green";
  if (["in_progress", "connecting", "ringing", "queued"].includes(status)) return "blue";
  if (["on_hold", "transferring"].includes(status)) return "violet";
  if (["missed", "no_answer", "abandoned"].includes(status)) return "amber";
  if (["failed", "rejected"].includes(status)) return "red";
  return "neutral";
}
