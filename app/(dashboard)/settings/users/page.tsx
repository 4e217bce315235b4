import { UsersAdmin } from "@/components/admin/users-admin";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const access = await requirePage("users:manage", "/settings/users");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="Users"
        back={{ href: "/settings", label: "Settings" }}
        description="People who can sign in to this workspace, and their roles."
      />
      <UsersAdmin currentUserId={access.principal.userId} />
    </>
  );
}
