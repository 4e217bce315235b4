import { CallsHistory } from "@/components/calls/calls-history";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

export const metadata = { title: "Calls" };

export default async function CallsPage() {
  const access = await requirePage("calls:use", "/calls");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Calls" description="WhatsApp voice calls: incoming, outgoing and missed." />
      <CallsHistory canFilterAgent={can(access.principal.role, "users:read")} />
    </>
  );
}
