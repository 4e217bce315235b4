"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useState, type FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import type { TMessageDto, TMessagePage } from "@/lib/messages/message.schema";

/**
 * The compact conversation for the Frappe iframe: the thread (newest at the bottom) and a text
 * composer. It talks to the same v1 API as the inbox, so the 24-hour window rule and the outbox
 * apply unchanged (a closed window answers 409 with the reason, shown here).
 */
export function EmbedThread({ conversationId }: { conversationId: string }) {
  const qc = useQueryClient();
  const key = ["embed-messages", conversationId];
  const messages = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<TMessagePage>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`),
    refetchInterval: 4000,
  });
  const [text, setText] = useState("");
  const send = useMutation({
    mutationFn: (body: string) =>
      apiFetch<TMessageDto>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, { method: "POST", body: { type: "text", text: body } }),
    onSuccess: () => {
      setText("");
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate(text.trim());
  };
  const list = [...(messages.data?.data ?? [])].reverse();

  return (
    <div className="flex h-full min-h-0 flex-col">
      <ol aria-label="Messages" className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-3">
        {messages.isLoading ? <Spinner /> : null}
        {messages.isError ? <li role="alert" className="text-sm text-red-700">{errorMessage(messages.error)}</li> : null}
        {!messages.isLoading && list.length === 0 ? <li className="text-sm text-slate-500">No messages yet.</li> : null}
        {list.map((m) => (
          <li
            key={m.id}
            data-testid="embed-message"
            data-direction={m.direction}
            className={cn(
              "max-w-[80%] rounded-lg px-3 py-2 text-sm",
              m.type === "note" ? "self-center bg-amber-50 text-amber-900" : m.direction === "inbound" ? "self-start bg-slate-100" : "self-end bg-brand-600 text-white",
            )}
          >
            <span className="whitespace-pre-wrap">{m.body ?? `[${m.type}]`}</span>
            {m.direction === "outbound" ? <span data-testid="embed-message-status" className="ml-2 text-[10px] opacity-80">{m.status}</span> : null}
          </li>
        ))}
      </ol>
      <form onSubmit={onSubmit} className="flex items-end gap-2 border-t border-slate-200 p-2">
        <label htmlFor="embed-composer" className="sr-only">
          Message
        </label>
        <textarea
          id="embed-composer"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) onSubmit(e);
          }}
          rows={2}
          placeholder="Type a WhatsApp message"
          className="min-h-10 flex-1 resize-none rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        <Button type="submit" loading={send.isPending} disabled={!text.trim()} aria-label="Send">
          <Send aria-hidden className="size-4" /> Send
        </Button>
      </form>
      {send.isError ? (
        <p role="alert" className="px-3 pb-2 text-sm text-red-700">
          {errorMessage(send.error)}
        </p>
      ) : null}
    </div>
  );
}
