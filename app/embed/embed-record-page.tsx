import { cookies } from "next/headers";
import { EmbedSignIn } from "@/components/crm/embed-sign-in";
import { ClickToCall } from "@/components/calls/click-to-call";
import { EmbedThread } from "@/components/crm/embed-thread";
import { Providers } from "@/components/shell/providers";
import { SoftphoneProvider } from "@/components/softphone/softphone-provider";
import { principalFromCookies } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import type { TCrmReference } from "@/lib/crm/crm.schema";
import { findEmbedConversation } from "@/lib/crm/find-embed-conversation";

/**
 * The view Frappe CRM frames (README "Frappe CRM" → Form Script): for one lead or deal, its
 * WhatsApp conversation, click-to-call and the softphone (Frappe's iframe must allow "microphone"). Signed out → a "Sign in" popup button
 * (this page never redirects: sign-in pages cannot be framed).
 */
export async function EmbedRecordPage({ reference }: { reference: TCrmReference }) {
  const jar = Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value]));
  const principal = await principalFromCookies(jar);
  if (!principal) return <EmbedSignIn />;
  if (!can(principal.role, "inbox:use"))
    return <p className="p-4 text-sm">You do not have access to the inbox.</p>;
  const found = await findEmbedConversation({ workspaceId: principal.workspaceId, reference });
  const body = (
    <div className="flex h-screen flex-col bg-white">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-3 py-2">
        <div className="min-w-0">
          <h1 className="truncate text-sm font-semibold text-slate-900" data-testid="embed-title">
            {found.contact?.name ?? reference.name}
          </h1>
          <p className="truncate text-xs text-slate-500">
            {reference.doctype} {reference.name}
            {found.contact?.phone ? ` · ${found.contact.phone}` : ""} · signed in as {principal.name}
          </p>
        </div>
        {found.contact && can(principal.role, "calls:use") ? (
          <ClickToCall contactId={found.contact.id} />
        ) : null}
      </header>
      {found.conversationId ? (
        <div className="min-h-0 flex-1">
          <EmbedThread conversationId={found.conversationId} />
        </div>
      ) : (
        <p className="p-4 text-sm text-slate-600">
          {found.contact
            ? "This contact has no WhatsApp conversation yet."
            : `No WhatsApp contact is linked to ${reference.name} yet. It is linked when the customer messages you, or from the inbox's CRM panel.`}
        </p>
      )}
    </div>
  );
  return (
    <Providers>
      {principal.userId && can(principal.role, "calls:use") ? (
        <SoftphoneProvider userId={principal.userId}>{body}</SoftphoneProvider>
      ) : (
        body
      )}
    </Providers>
  );
}
