import { InboxView } from "@/components/inbox/inbox-view";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Inbox" };

export default async function InboxPage() {
  const access = await requirePage("inbox:use", "/inbox");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return <InboxView />;
}
