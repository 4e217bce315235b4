import { Phone } from "lucide-react";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Calls" };

export default async function CallsPage() {
  const access = await requirePage("calls:use", "/calls");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Calls" description="WhatsApp voice calls: incoming, outgoing and missed." />
      <EmptyState
        icon={Phone}
        title="No calls yet"
        description="WhatsApp voice calls you take or place will be listed here, with recordings once they are enabled."
      />
    </>
  );
}
