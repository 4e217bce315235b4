"use client";

import { useQuery } from "@tanstack/react-query";
import { Flame, RefreshCw } from "lucide-react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { TLeadScoreDto } from "@/lib/leads/lead-score.schema";

const STAGE_TONE: Record<TLeadScoreDto["stage"], BadgeTone> = {
  cold: "blue",
  warm: "amber",
  hot: "red",
  qualified: "green",
};

/** The contact's lead score for the inbox contact panel: score, stage, and why ("+15: asked for pricing"). */
export function LeadScoreCard({ contactId }: { contactId: string }) {
  const score = useQuery({
    queryKey: ["contacts", contactId, "score"],
    queryFn: () =>
      apiFetch<TLeadScoreDto>(`/api/v1/contacts/${encodeURIComponent(contactId)}/score?limit=20`),
    refetchInterval: 30_000,
  });
  return (
    <section
      aria-labelledby={`score-${contactId}`}
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex items-center justify-between gap-2">
        <h3
          id={`score-${contactId}`}
          className="flex items-center gap-1.5 text-sm font-semibold text-slate-900"
        >
          <Flame aria-hidden className="size-4 text-orange-500" />
          Lead score
        </h3>
        {score.data ? <Badge tone={STAGE_TONE[score.data.stage]}>{score.data.stage}</Badge> : null}
      </div>
      {score.isPending ? (
        <div className="py-4">
          <Spinner label="Loading score…" />
        </div>
      ) : score.isError ? (
        <div className="mt-2 text-sm text-red-700" role="alert">
          {errorMessage(score.error)}
          <Button variant="ghost" size="sm" onClick={() => void score.refetch()}>
            <RefreshCw aria-hidden className="size-3.5" /> Retry
          </Button>
        </div>
      ) : (
        <>
          <p className="mt-2 text-3xl font-bold text-slate-900" aria-label={`Score ${score.data.score}`}>
            {score.data.score}
          </p>
          {score.data.changes.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">No signals yet.</p>
          ) : (
            <ul className="mt-2 max-h-48 space-y-1 overflow-y-auto text-sm">
              {score.data.changes.map((c, i) => (
                <li key={`${c.createdAt}-${i}`} className="flex justify-between gap-2">
                  <span className={c.delta >= 0 ? "text-emerald-700" : "text-red-700"}>
                    {c.delta > 0 ? "+" : ""}
                    {c.delta}: {c.reason}
                  </span>
                  <time className="shrink-0 text-xs text-slate-400" dateTime={c.createdAt}>
                    {new Date(c.createdAt).toLocaleDateString(undefined, { day: "numeric", month: "short" })}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
