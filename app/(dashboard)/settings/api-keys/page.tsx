import { ApiKeysAdmin } from "@/components/admin/api-keys-admin";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const access = await requirePage("apikeys:manage", "/settings/api-keys");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="API keys"
        back={{ href: "/settings", label: "Settings" }}
        description={
          <>
            Keys for scripts and integrations. Send them as{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">
              Authorization: Bearer &lt;key&gt;
            </code>
            .
          </>
        }
      />
      <ApiKeysAdmin />
    </>
  );
}
