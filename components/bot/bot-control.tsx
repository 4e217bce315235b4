"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Bot, Hand, Pause } from "lucide-react";
import { toast } from "sonner";
import { apiFetch, errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";

const STATE_TEXT: Record<string, string> = {
  active: "The bot answers this conversation.",
  paused: "The bot is paused here.",
  handed_off: "A person owns this conversation; the bot stays silent.",
  off: "The bot is off for this conversation.",
};

/** The conversation's bot state, with hand back / pause (POST /api/v1/conversations/{id}/bot). */
export function BotControl({ conversationId, botState }: { conversationId: string; botState: string }) {
  const qc = useQueryClient();
  const control = useMutation({
    mutationFn: (action: "hand_back" | "pause") =>
      apiFetch(`/api/v1/conversations/${encodeURIComponent(conversationId)}/bot`, { method: "POST", body: { action } }),
    onSuccess: (_data, action) => {
      toast.success(action === "hand_back" ? "Handed back to the bot" : "Bot paused");
      void qc.invalidateQueries({ queryKey: ["conversations"] });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  return (
    <section aria-label="Bot" className="space-y-2">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        <Bot aria-hidden className="size-3.5" /> Bot
      </h3>
      <p className="text-xs text-slate-600" data-testid="bot-state">
        {STATE_TEXT[botState] ?? botState}
      </p>
      <div className="flex gap-2">
        {botState !== "active" ? (
          <Button size="sm" variant="secondary" disabled={control.isPending} onClick={() => control.mutate("hand_back")}>
            <Hand aria-hidden className="size-3.5" /> Hand back to bot
          </Button>
        ) : (
          <Button size="sm" variant="secondary" disabled={control.isPending} onClick={() => control.mutate("pause")}>
            <Pause aria-hidden className="size-3.5" /> Pause bot
          </Button>
        )}
      </div>
    </section>
  );
}
