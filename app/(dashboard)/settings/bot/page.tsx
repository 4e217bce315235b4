import Link from "next/link";
import { BotConsole } from "@/components/bot/bot-console";
import { BotSettingsForm } from "@/components/bot/bot-settings-form";
import { ForbiddenView } from "@/components/shell/forbidden-view";
import { PageHeader } from "@/components/shell/page-header";
import { requirePage } from "@/lib/auth/page-guard";

export const metadata = { title: "Bot" };

export default async function BotSettingsPage() {
  const access = await requirePage("bot:manage", "/settings/bot");
  if (!access.ok) return <ForbiddenView role={access.principal.role} />;
  return (
    <>
      <PageHeader
        title="AI bot"
        back={{ href: "/settings", label: "Settings" }}
        description={
          <>
            Answers, qualifies and books on WhatsApp. It answers from the{" "}
            <Link className="font-medium text-brand-700 underline" href="/settings/knowledge">
              knowledge base
            </Link>
            .
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <BotSettingsForm />
        <BotConsole />
      </div>
    </>
  );
}
