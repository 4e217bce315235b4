import { MessageSquare } from "lucide-react";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Inbox" };

export default async function InboxPage() {
  const access = await requirePage("inbox:use", "/inbox");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Inbox" description="WhatsApp conversations assigned to you and your team." />
      <EmptyState
        icon={MessageSquare}
        title="No conversations yet"
        description="Messages from WhatsApp will appear here as soon as customers write to your number."
      />
    </>
  );
}
