"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, RotateCcw } from "lucide-react";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { TJobDTO, TJobList } from "@/lib/jobs/job.schema";

const DEAD_KEY = ["admin", "jobs", "dead"] as const;

function formatDate(value: string | null): string {
  if (!value) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? "—"
    : d.toLocaleString(undefined, {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      });
}

/** Dead-letter jobs: what failed for good, why, and a Retry that puts it back in the queue. */
export function DeadLetterJobs() {
  const qc = useQueryClient();
  const [retrying, setRetrying] = useState<string | null>(null);
  const jobs = useInfiniteQuery({
    queryKey: DEAD_KEY,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      apiFetch<TJobList>(
        `/api/v1/jobs?status=dead${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });

  const retry = useMutation({
    mutationFn: (job: TJobDTO) =>
      apiFetch<TJobDTO>(`/api/v1/jobs/${encodeURIComponent(job.id)}/retry`, { method: "POST" }),
    onMutate: (job) => setRetrying(job.id),
    onSuccess: (job) => {
      toast.success(`"${job.name}" is queued again.`);
      void qc.invalidateQueries({ queryKey: DEAD_KEY });
    },
    onError: (err) => toast.error(errorMessage(err)),
    onSettled: () => setRetrying(null),
  });

  const list = jobs.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <QueryView
      query={jobs}
      loadingLabel="Loading failed jobs…"
      errorTitle="Could not load failed jobs."
      isEmpty={() => list.length === 0}
      empty={{
        icon: CircleCheck,
        title: "No failed jobs",
        description:
          "Jobs that use up their retries show up here, with the last error and a way to retry them.",
      }}
    >
      {() => (
        <Card>
          <Table aria-label="Failed jobs">
            <THead>
              <tr>
                <TH>Job</TH>
                <TH>Attempts</TH>
                <TH>Last error</TH>
                <TH>Created</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {list.map((job) => (
                <TR key={job.id}>
                  <TD>
                    <div className="font-medium text-slate-900">{job.name}</div>
                    <div className="font-mono text-xs text-slate-400">{job.id}</div>
                  </TD>
                  <TD>
                    <Badge tone="red">
                      {job.attempts} / {job.maxAttempts}
                    </Badge>
                  </TD>
                  <TD className="max-w-md">
                    <pre
                      className="line-clamp-3 font-mono text-xs break-words whitespace-pre-wrap text-slate-600"
                      title={job.lastError ?? ""}
                    >
                      {job.lastError ?? "—"}
                    </pre>
                  </TD>
                  <TD className="whitespace-nowrap">{formatDate(job.createdAt)}</TD>
                  <TD className="text-right">
                    <Button
                      variant="secondary"
                      size="sm"
                      loading={retrying === job.id}
                      disabled={retrying !== null}
                      onClick={() => retry.mutate(job)}
                      aria-label={`Retry ${job.name} ${job.id}`}
                    >
                      {retrying === job.id ? null : <RotateCcw aria-hidden className="size-3.5" />}
                      Retry
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          {jobs.hasNextPage ? (
            <div className="border-t border-slate-100 px-5 py-3 text-center">
              <Button
                variant="ghost"
                size="sm"
                loading={jobs.isFetchingNextPage}
                onClick={() => void jobs.fetchNextPage()}
              >
                Load more
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </QueryView>
  );
}
