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
        title="The live call wall is not built yet"
        description="Listening, whispering and barging in on live calls come in a later release. Until then, live and past calls are on the Calls page."
      />
    </>
  );
}
