import { InboxView } from "@/components/inbox/inbox-view";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Inbox" };

/** A deep link to one conversation (/inbox/{id}); the view loads it and checks access via the API. */
export default async function InboxConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await requirePage("inbox:use", `/inbox/${encodeURIComponent(id)}`);
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return <InboxView initialConversationId={id} />;
}
