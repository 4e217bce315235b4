import { KnowledgeManager } from "@/components/knowledge/knowledge-manager";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Knowledge base" };

export default async function KnowledgePage() {
  const access = await requirePage("bot:manage", "/settings/knowledge");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="Knowledge base"
        back={{ href: "/settings/bot", label: "AI bot" }}
        description="What the bot answers from. Claude gets the most relevant entries with each message; the offline engine answers with the best match."
      />
      <KnowledgeManager />
    </>
  );
}
