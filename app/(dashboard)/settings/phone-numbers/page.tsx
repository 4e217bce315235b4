import { PhoneNumbersAdmin } from "@/components/settings/phone-numbers-admin";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "WhatsApp numbers" };

export default async function PhoneNumbersPage() {
  const access = await requirePage("settings:manage", "/settings/phone-numbers");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="WhatsApp numbers"
        back={{ href: "/settings", label: "Settings" }}
        description="The WhatsApp Business numbers this workspace answers on. Access tokens are stored encrypted and never shown again."
      />
      <PhoneNumbersAdmin />
    </>
  );
}
