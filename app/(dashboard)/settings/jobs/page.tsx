import { DeadLetterJobs } from "@/components/jobs/dead-letter-jobs";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Jobs" };

export default async function JobsPage() {
  const access = await requirePage("jobs:manage", "/settings/jobs");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="Failed jobs"
        back={{ href: "/settings", label: "Settings" }}
        description="Background work that failed after all its retries (dead-letter). Fix the cause, then retry."
      />
      <DeadLetterJobs />
    </>
  );
}
