import { BarChart3 } from "lucide-react";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  const access = await requirePage("analytics:view", "/analytics");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Analytics" description="Response times, call outcomes and bot performance." />
      <EmptyState
        icon={BarChart3}
        title="Analytics are not built yet"
        description="Response times, call outcomes and bot performance come in a later release. Call history is on the Calls page; each contact's lead score is in the inbox."
      />
    </>
  );
}
