"use client";

import { useMutation } from "@tanstack/react-query";
import { Bot, RotateCcw, Send, User } from "lucide-react";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { TBotAction } from "@/lib/bot/actions";
import type { TBotConsoleResult } from "@/lib/bot/console.schema";

type TEntry = { who: "customer"; text: string } | { who: "bot"; result: TBotConsoleResult };

const ACTION_TONE: Partial<Record<TBotAction["type"], "green" | "amber" | "red" | "blue" | "violet">> = {
  qualify: "blue",
  propose_slots: "violet",
  book: "green",
  reschedule: "amber",
  cancel: "red",
  escalate: "red",
  opt_out: "red",
};

function actionText(a: TBotAction): string | null {
  if (a.type === "reply" || a.type === "ask") return a.text;
  if (a.type === "propose_slots") return a.text;
  if (a.type === "opt_out") return a.confirmation;
  return null;
}

/** Chat with the bot as a customer would; see its actions as chips and JSON. Nothing is sent or booked. */
export function BotConsole() {
  const [entries, setEntries] = useState<TEntry[]>([]);
  const [state, setState] = useState<Record<string, unknown> | undefined>(undefined);
  const [text, setText] = useState("");
  const [showJson, setShowJson] = useState(false);
  const turn = useMutation({
    mutationFn: (m: { message: string; replyId?: string }) =>
      apiFetch<TBotConsoleResult>("/api/v1/bot/console", {
        method: "POST",
        body: { ...m, ...(state ? { state } : {}) },
      }),
    onMutate: (m) => setEntries((e) => [...e, { who: "customer", text: m.message }]),
    onSuccess: (result) => {
      setEntries((e) => [...e, { who: "bot", result }]);
      setState(result.state);
    },
  });
  const send = (message: string, replyId?: string) => {
    if (!message.trim() || turn.isPending) return;
    turn.mutate({ message: message.trim(), ...(replyId ? { replyId } : {}) });
    setText("");
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Test console</CardTitle>
        <CardDescription>
          Type as a customer. The bot uses your knowledge base and real free slots, but nothing is sent,
          booked or scored.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              setEntries([]);
              setState(undefined);
            }}
          >
            <RotateCcw aria-hidden className="size-3.5" /> Start over
          </Button>
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={showJson} onChange={(e) => setShowJson(e.target.checked)} /> Show
            JSON
          </label>
        </div>
        <ol
          className="max-h-[28rem] space-y-3 overflow-y-auto rounded-md bg-slate-50 p-3"
          aria-live="polite"
          aria-label="Console conversation"
        >
          {entries.length === 0 ? (
            <li className="text-sm text-slate-500">Say “Hi”, ask for prices, or ask to book a meeting.</li>
          ) : null}
          {entries.map((e, i) =>
            e.who === "customer" ? (
              <li key={i} className="flex justify-end">
                <span className="flex max-w-[80%] items-start gap-1.5 rounded-lg bg-emerald-100 px-3 py-2 text-sm">
                  <User aria-hidden className="mt-0.5 size-3.5 shrink-0" /> {e.text}
                </span>
              </li>
            ) : (
              <li key={i} className="space-y-1.5">
                {e.result.actions.map((a, j) => {
                  const t = actionText(a);
                  return (
                    <div key={j} className="space-y-1">
                      {t ? (
                        <p className="flex max-w-[80%] items-start gap-1.5 rounded-lg bg-white px-3 py-2 text-sm shadow-sm">
                          <Bot aria-hidden className="mt-0.5 size-3.5 shrink-0" /> {t}
                        </p>
                      ) : null}
                      {a.type === "propose_slots" ? (
                        <div className="flex flex-wrap gap-1.5 pl-5">
                          {a.slots.map((s) => (
                            <Button
                              key={s.id}
                              size="sm"
                              variant="secondary"
                              onClick={() => send(s.label, s.id)}
                            >
                              {s.label}
                            </Button>
                          ))}
                        </div>
                      ) : null}
                    </div>
                  );
                })}
                <div className="flex flex-wrap gap-1 pl-5">
                  {e.result.actions.map((a, j) => (
                    <Badge key={j} tone={ACTION_TONE[a.type] ?? "neutral"}>
                      {a.type}
                      {a.type === "qualify"
                        ? ` ${a.field}=${a.value}`
                        : a.type === "escalate"
                          ? ` (${a.reason})`
                          : ""}
                    </Badge>
                  ))}
                  <Badge>{e.result.engine}</Badge>
                  <Badge>{e.result.language}</Badge>
                  <Badge>{e.result.tookMs} ms</Badge>
                </div>
                {showJson ? (
                  <pre className="overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
                    {JSON.stringify(e.result.actions, null, 2)}
                  </pre>
                ) : null}
              </li>
            ),
          )}
        </ol>
        {turn.isError ? <Alert>{errorMessage(turn.error)}</Alert> : null}
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            send(text);
          }}
        >
          <Input
            aria-label="Message as the customer"
            value={text}
            maxLength={4096}
            onChange={(e) => setText(e.target.value)}
            placeholder="Message as the customer…"
          />
          <Button type="submit" loading={turn.isPending} disabled={!text.trim()}>
            <Send aria-hidden className="size-4" /> Send
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
