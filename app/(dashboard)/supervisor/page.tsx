import { Headphones } from "lucide-react";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Supervisor" };

export default async function SupervisorPage() {
  const access = await requirePage("supervisor:monitor", "/supervisor");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Supervisor" description="Live calls across the team: listen, whisper or barge in." />
      <EmptyState
        icon={Headphones}
        title="No live calls right now"
        description="Calls in progress will appear on this wall with their agent, duration and audio quality."
      />
    </>
  );
}
