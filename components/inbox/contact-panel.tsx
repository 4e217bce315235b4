"use client";

import { useQuery } from "@tanstack/react-query";
import { Languages, Phone, AtSign, X } from "lucide-react";
import { errorMessage } from "@/components/shell/api-fetch";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { BotControl } from "@/components/bot/bot-control";
import { ClickToCall } from "@/components/calls/click-to-call";
import { CrmPanel } from "@/components/crm/crm-panel";
import { LeadScoreCard } from "@/components/leads/lead-score-card";
import { contactName, contactPhone, initials, shortTime } from "./format";
import { listConversations, qk } from "./inbox-api";
import type { ConversationDTO } from "./types";

/**
 * The contact's details: call button, lead score, the linked CRM record, the bot's state, labels
 * and their other conversations.
 */
export function ContactPanel({
  conversation: c,
  onClose,
  onSelect,
  className,
}: {
  conversation: ConversationDTO;
  onClose: () => void;
  onSelect: (id: string) => void;
  className?: string;
}) {
  const name = contactName(c.contact);
  const phone = contactPhone(c.contact);
  const key = phone ?? c.contact.username ?? c.contact.name ?? "";
  const history = useQuery({
    queryKey: qk.contactHistory(c.contact.id),
    queryFn: () =>
      listConversations(
        { assignee: "all", status: "all", unread: false, label: "", q: phone ? "" : key },
        null,
        phone ?? undefined,
      ),
    enabled: !!key,
    staleTime: 30_000,
  });
  const rows = (history.data?.data ?? []).filter((x) => x.contact.id === c.contact.id);

  return (
    <aside
      aria-label="Contact details"
      data-testid="contact-panel"
      className={cn(
        "flex h-full min-h-0 flex-col overflow-y-auto border-l border-slate-200 bg-white",
        className,
      )}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-slate-900">Contact</h2>
        <Button variant="ghost" size="icon" aria-label="Close contact details" onClick={onClose}>
          <X aria-hidden className="size-4" />
        </Button>
      </div>
      <div className="flex flex-col items-center gap-2 px-4 py-5 text-center">
        <span className="flex size-14 items-center justify-center rounded-full bg-slate-200 text-lg font-semibold text-slate-700">
          {initials(name)}
        </span>
        <div className="text-base font-semibold text-slate-900">{name}</div>
      </div>
      <dl className="space-y-3 px-4 text-sm">
        {phone ? (
          <Row icon={<Phone aria-hidden className="size-4" />} label="Phone">
            {phone}
          </Row>
        ) : null}
        {c.contact.username ? (
          <Row icon={<AtSign aria-hidden className="size-4" />} label="WhatsApp username">
            {c.contact.username}
          </Row>
        ) : null}
        <Row icon={<Languages aria-hidden className="size-4" />} label="Language">
          {c.contact.language ?? "Not detected yet"}
        </Row>
      </dl>
      <div className="mt-4 px-4">
        <ClickToCall contactId={c.contact.id} />
      </div>
      <div className="mt-5 space-y-5 px-4">
        <LeadScoreCard contactId={c.contact.id} />
        <CrmPanel contactId={c.contact.id} />
        <BotControl conversationId={c.id} botState={c.botState} />
      </div>
      <div className="mt-5 px-4">
        <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Labels</h3>
        {c.labels.length ? (
          <div className="flex flex-wrap gap-1">
            {c.labels.map((l) => (
              <span
                key={l}
                className="rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-700 ring-1 ring-violet-200"
              >
                {l}
              </span>
            ))}
          </div>
        ) : (
          <p className="text-xs text-slate-500">None</p>
        )}
      </div>
      <div className="mt-5 px-4 pb-4">
        <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Conversation history
        </h3>
        {history.isPending && key ? <Spinner className="size-4" /> : null}
        {history.isError ? <p className="text-xs text-red-700">{errorMessage(history.error)}</p> : null}
        <ul className="space-y-1">
          {rows.map((x) => (
            <li key={x.id}>
              <button
                type="button"
                onClick={() => onSelect(x.id)}
                className={cn(
                  "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-xs hover:bg-slate-50",
                  x.id === c.id && "bg-slate-100",
                )}
              >
                <span className="truncate text-slate-700">{x.lastMessageText ?? "No messages"}</span>
                <span className="shrink-0 text-slate-400">
                  {x.status === "resolved" ? "Resolved · " : ""}
                  {shortTime(x.lastMessageAt ?? x.createdAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {!history.isPending && rows.length <= 1 ? (
          <p className="mt-1 text-xs text-slate-500">This is their first conversation.</p>
        ) : null}
      </div>
    </aside>
  );
}

function Row({ icon, label, children }: { icon: React.ReactNode; label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-2.5">
      <span className="mt-0.5 text-slate-400">{icon}</span>
      <div className="min-w-0">
        <dt className="text-xs text-slate-500">{label}</dt>
        <dd className="break-words text-slate-800">{children}</dd>
      </div>
    </div>
  );
}
