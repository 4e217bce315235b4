"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { QueryView } from "@/components/ui/query-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { TKnowledgeEntryDto } from "@/lib/knowledge/knowledge.schema";

const LANGUAGES = { en: "English", hi: "Hindi", hinglish: "Hinglish" } as const;
type TDraft = {
  id?: string;
  question: string;
  answer: string;
  tags: string;
  language: keyof typeof LANGUAGES;
};
const EMPTY: TDraft = { question: "", answer: "", tags: "", language: "en" };
const TEXTAREA =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-2 focus:outline-brand-600/30";

/** The knowledge base both bot engines answer from: search, add, edit, delete. */
export function KnowledgeManager() {
  const qc = useQueryClient();
  const [q, setQ] = useState("");
  const [draft, setDraft] = useState<TDraft | null>(null);
  const list = useQuery({
    queryKey: ["knowledge", q],
    queryFn: () =>
      apiFetch<{ data: TKnowledgeEntryDto[] }>(`/api/v1/knowledge${q ? `?q=${encodeURIComponent(q)}` : ""}`),
  });
  const save = useMutation({
    mutationFn: (d: TDraft) => {
      const body = {
        question: d.question,
        answer: d.answer,
        language: d.language,
        tags: d.tags
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      };
      return d.id
        ? apiFetch(`/api/v1/knowledge/${d.id}`, { method: "PATCH", body })
        : apiFetch("/api/v1/knowledge", { method: "POST", body });
    },
    onSuccess: () => {
      toast.success("Saved.");
      setDraft(null);
      void qc.invalidateQueries({ queryKey: ["knowledge"] });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/knowledge/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Deleted.");
      void qc.invalidateQueries({ queryKey: ["knowledge"] });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Input
          aria-label="Search the knowledge base"
          className="max-w-xs"
          placeholder="Search…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <Button onClick={() => setDraft(EMPTY)}>
          <Plus aria-hidden className="size-4" /> Add entry
        </Button>
      </div>
      <QueryView
        query={list}
        loadingLabel="Loading the knowledge base…"
        errorTitle="Could not load the knowledge base."
        isEmpty={({ data }) => data.length === 0}
        empty={{
          icon: BookOpen,
          title: q ? "Nothing matches" : "No entries yet",
          description:
            "Add questions customers ask and the answers the bot should give, in English, Hindi or Hinglish.",
          action: <Button onClick={() => setDraft(EMPTY)}>Add the first entry</Button>,
        }}
      >
        {({ data: entries }) => (
          <Card>
            <Table>
              <THead>
                <TR>
                  <TH>Question</TH>
                  <TH>Answer</TH>
                  <TH>Tags</TH>
                  <TH>Language</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {entries.map((e) => (
                  <TR key={e.id}>
                    <TD className="max-w-xs font-medium">{e.question}</TD>
                    <TD className="max-w-md text-slate-600">{e.answer}</TD>
                    <TD>
                      <div className="flex flex-wrap gap-1">
                        {e.tags.map((t) => (
                          <Badge key={t}>{t}</Badge>
                        ))}
                      </div>
                    </TD>
                    <TD>{LANGUAGES[e.language]}</TD>
                    <TD className="whitespace-nowrap">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Edit "${e.question}"`}
                        onClick={() =>
                          setDraft({
                            id: e.id,
                            question: e.question,
                            answer: e.answer,
                            tags: e.tags.join(", "),
                            language: e.language,
                          })
                        }
                      >
                        <Pencil aria-hidden className="size-4" />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Delete "${e.question}"`}
                        onClick={() => window.confirm("Delete this entry?") && remove.mutate(e.id)}
                      >
                        <Trash2 aria-hidden className="size-4" />
                      </Button>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </Card>
        )}
      </QueryView>
      <Dialog
        open={draft !== null}
        onClose={() => setDraft(null)}
        title={draft?.id ? "Edit entry" : "New entry"}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button
              loading={save.isPending}
              disabled={!draft?.question.trim() || !draft?.answer.trim()}
              onClick={() => draft && save.mutate(draft)}
            >
              Save
            </Button>
          </>
        }
      >
        {draft ? (
          <div className="space-y-3">
            <div>
              <Label htmlFor="kb-q">Question</Label>
              <Input
                id="kb-q"
                maxLength={500}
                value={draft.question}
                onChange={(e) => setDraft({ ...draft, question: e.target.value })}
              />
            </div>
            <div>
              <Label htmlFor="kb-a">Answer</Label>
              <textarea
                id="kb-a"
                className={TEXTAREA}
                rows={4}
                maxLength={4000}
                value={draft.answer}
                onChange={(e) => setDraft({ ...draft, answer: e.target.value })}
              />
            </div>
            <div>
              <Label htmlFor="kb-t">Tags (comma-separated)</Label>
              <Input
                id="kb-t"
                value={draft.tags}
                onChange={(e) => setDraft({ ...draft, tags: e.target.value })}
                placeholder="pricing, plans"
              />
            </div>
            <div>
              <Label htmlFor="kb-l">Language</Label>
              <Select
                id="kb-l"
                value={draft.language}
                onChange={(e) => setDraft({ ...draft, language: e.target.value as TDraft["language"] })}
              >
                {Object.entries(LANGUAGES).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </Select>
            </div>
          </div>
        ) : null}
      </Dialog>
    </div>
  );
}
