import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { SettingsIndex } from "@/components/admin/settings-index";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const access = await requirePage("settings:manage", "/settings");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader title="Settings" description="Manage your workspace." />
      <SettingsIndex />
    </>
  );
}
