import { CallDetail } from "@/components/calls/call-detail";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Call" };

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await requirePage("calls:use", `/calls/${encodeURIComponent(id)}`);
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Call" description="Summary and timeline of one WhatsApp call." />
      <CallDetail id={id} />
    </>
  );
}
